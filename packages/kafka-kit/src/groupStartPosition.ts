import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@qilbee/logger';
import { describeStartFrom, type StartFrom } from './startFrom';

/** What happened before the group joined: it resumed its commits, or a new group was positioned. */
export type GroupStart = { kind: 'resumed' } | { kind: 'new'; startFrom: string; positioned: number };

interface TopicOffsets {
  topic: string;
  partitions: Array<{ partition: number; offset: string }>;
}

const ATTEMPTS = 10;
const RETRY_MS = 500;
const COMMIT_TIMEOUT_MS = 15_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Before a consumer joins: when the group has no committed offset on any of its topics, commits
 * the offsets `startFrom` names, so every member's first fetch starts there; a group with commits
 * is left alone (it resumes from them). `earliest` needs no commit: kafkajs's `fromBeginning`
 * already means it.
 *
 * Why commit before joining instead of seeking in the real consumer: kafkajs accepts `seek` only
 * after `run`, applies it only to partitions assigned to that member at the next fetch, and a fetch
 * from the default position may already be under way; a commit made while the group is idle is
 * where whichever member gets a partition starts. kafkajs's own `admin.setOffsets` does this one
 * topic at a time and waits a full fetch wait (5 s) per topic, hence `commitWhileIdle` below.
 */
export async function positionNewGroup(kafka: Kafka, groupId: string, topics: readonly string[], startFrom: StartFrom, logger?: Logger): Promise<GroupStart> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await committedOffsets(admin, groupId, topics);
    if (committed.some((entry) => entry.partitions.some((p) => Number(p.offset) >= 0))) return { kind: 'resumed' };
    if (startFrom === 'earliest') return { kind: 'new', startFrom: 'earliest', positioned: 0 };
    // Computed once, so a retry never moves the start.
    const targets = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await targetOffsets(admin, topic, startFrom) })));
    const positioned = await commitUntilDone(kafka, admin, groupId, targets, (committed) => Number(committed) < 0, logger);
    return { kind: 'new', startFrom: describeStartFrom(startFrom), positioned };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits `startFrom` for every partition whatever the group committed before, for a group whose
 * consumer rebuilds its state elsewhere on every start (a per-instance view): it must read on from
 * the rebuild, never replay what it missed. Same mechanics as positionNewGroup; the group must be
 * idle (no member running), else the partitions left keep their commits, logged as a warning.
 */
export async function resetGroupOffsets(kafka: Kafka, groupId: string, topics: readonly string[], startFrom: StartFrom, logger?: Logger): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await targetOffsets(admin, topic, startFrom) })));
    return await commitUntilDone(kafka, admin, groupId, targets, (committed, target) => committed !== target, logger);
  } finally {
    await admin.disconnect();
  }
}

/** A refusal the broker means as "not now": kafkajs marks it retriable (or wraps one that is). */
function isRetriable(error: unknown): boolean {
  const e = error as { retriable?: unknown; cause?: { retriable?: unknown } } | null;
  return typeof e === 'object' && e !== null && (e.retriable === true || e.cause?.retriable === true);
}

/**
 * Admin reads retried while the broker refuses them for a moment: on a fresh broker a topic just
 * created has no partition leader yet ("not the leader for that topic-partition"), and a service
 * that positions its group at start must not die of that.
 */
export async function retryingAdminRead<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (!isRetriable(error) || attempt >= ATTEMPTS * 2) throw error;
      await pause(RETRY_MS);
    }
  }
}

function targetOffsets(admin: Admin, topic: string, startFrom: StartFrom): Promise<TopicOffsets['partitions']> {
  return retryingAdminRead(() => readTargetOffsets(admin, topic, startFrom));
}

async function readTargetOffsets(admin: Admin, topic: string, startFrom: StartFrom): Promise<TopicOffsets['partitions']> {
  if (startFrom === 'earliest') return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.low }));
  if (startFrom === 'latest') return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
  // Per partition: the first offset whose record timestamp is >= the time, or the end when none is.
  return admin.fetchTopicOffsetsByTimestamp(topic, startFrom.timestamp);
}

function committedOffsets(admin: Admin, groupId: string, topics: readonly string[]): Promise<TopicOffsets[]> {
  return retryingAdminRead(() => admin.fetchOffsets({ groupId, topics: [...topics] }));
}

/**
 * Commits the targets of the partitions that still need it (`needsCommit(committed, target)`), and
 * checks. Another instance of the same group starting at the same moment is positioning the group
 * itself (or already consuming): this then waits and checks again. If the group never becomes
 * idle, the partitions left keep kafkajs's default position, logged as a warning.
 */
async function commitUntilDone(kafka: Kafka, admin: Admin, groupId: string, targets: TopicOffsets[], needsCommit: (committed: string, target: string) => boolean, logger?: Logger): Promise<number> {
  let positioned = 0;
  for (let attempt = 1; ; attempt += 1) {
    const committed = await committedOffsets(admin, groupId, targets.map((t) => t.topic));
    const current = (topic: string, partition: number) => committed.find((c) => c.topic === topic)?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    const pending = targets
      .map(({ topic, partitions }) => ({ topic, partitions: partitions.filter((p) => needsCommit(current(topic, p.partition), p.offset)) }))
      .filter((target) => target.partitions.length > 0);
    if (pending.length === 0) return positioned;
    if (attempt > ATTEMPTS) {
      logger?.warn({ groupId, topics: pending.map((p) => p.topic) }, 'could not set the start offsets of a consumer group; the default position applies');
      return positioned;
    }
    const [group] = (await admin.describeGroups([groupId])).groups;
    try {
      if (group && group.state !== 'Empty' && group.state !== 'Dead') throw new Error(`group is ${group.state}`);
      await commitWhileIdle(kafka, groupId, pending);
      positioned += pending.reduce((sum, target) => sum + target.partitions.length, 0);
    } catch (error) {
      logger?.debug({ err: error, groupId, attempt }, 'consumer group busy while setting start offsets; checking again');
      await pause(RETRY_MS);
    }
  }
}

/**
 * Joins the idle group with a throwaway member that reads nothing (every topic paused), seeks
 * each partition (a seek of an assigned partition is a commit in kafkajs) and leaves once a fetch
 * that began after the seeks has run, i.e. the commits were made.
 */
async function commitWhileIdle(kafka: Kafka, groupId: string, targets: TopicOffsets[]): Promise<void> {
  const topics = targets.map((target) => target.topic);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, sessionTimeout: 10_000, heartbeatInterval: 1_000, retry: { retries: 3 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    const fetched = fetchesFromNow(consumer, 2);
    for (const { topic, partitions } of targets) {
      for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
    }
    await fetched;
  } finally {
    await consumer.disconnect();
  }
}

/** Resolves after `count` fetches completed: the first may have begun before the seeks. */
function fetchesFromNow(consumer: Consumer, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no fetch while setting start offsets'));
    }, COMMIT_TIMEOUT_MS);
    const stop = consumer.on(consumer.events.FETCH, () => {
      seen += 1;
      if (seen < count) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
