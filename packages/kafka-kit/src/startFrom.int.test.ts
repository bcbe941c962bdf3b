import pino from 'pino';
import { testEnv, uniqueName, waitFor } from '@qilbee/testkit';
import { createKafka, ensureTopics } from './kafkaClient';
import { resetGroupOffsets } from './groupStartPosition';
import { KafkaConsumer } from './kafkaConsumer';
import type { StartFrom } from './startFrom';

const logger = pino({ level: 'silent' });
const PARTITIONS = 3;

/**
 * The start position of a new consumer group against the real broker. Records carry explicit
 * timestamps (an hour ago / now), so "older than the start" never depends on the test's speed.
 * Each phase ends with one sentinel per partition: once every sentinel arrived, anything the group
 * would read before it (in partition order) has arrived too, so a wrong start cannot hide.
 */
describe('KafkaConsumer startFrom (real Kafka)', () => {
  jest.setTimeout(30_000);
  const kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName('start') });
  const producer = kafka.producer();
  const hourAgo = Date.now() - 3_600_000;

  /** `name-0`, `name-1`, `name-2`, one on each partition. */
  async function publishOnEveryPartition(topic: string, name: string, timestampMs = Date.now()): Promise<string[]> {
    const values = Array.from({ length: PARTITIONS }, (_, partition) => `${name}-${partition}`);
    await producer.send({ topic, acks: -1, messages: values.map((value, partition) => ({ partition, value, timestamp: String(timestampMs) })) });
    return values;
  }

  async function newTopic(prefix: string): Promise<string> {
    const topic = uniqueName(prefix);
    await ensureTopics(kafka, [topic], PARTITIONS);
    return topic;
  }

  /** Starts a member, publishes the sentinels, waits for them, stops; returns the distinct values received, sorted. */
  async function consumeUntilSentinels(topic: string, groupId: string, startFrom: StartFrom, sentinel: string): Promise<string[]> {
    const seen: string[] = [];
    const consumer = new KafkaConsumer(kafka, { groupId, topics: [topic], startFrom, chunkSize: 2, logger });
    await consumer.start(async (chunk) => {
      seen.push(...chunk.map((m) => m.value ?? ''));
    });
    try {
      const sentinels = await publishOnEveryPartition(topic, sentinel);
      await waitFor(() => sentinels.every((value) => seen.includes(value)), { timeoutMs: 20_000, message: `${groupId} received ${sentinel}` });
      // Distinct values: a chunk redelivered within this phase (at-least-once, e.g. after a
      // rebalance) is legitimate; a value of an earlier phase or a missing one is what fails.
      return [...new Set(seen)].sort();
    } finally {
      await consumer.stop();
    }
  }

  beforeAll(() => producer.connect());
  afterAll(() => producer.disconnect());

  it('a new group with a timestamp start skips older records and receives the newer ones', async () => {
    const topic = await newTopic('start-ts');
    await publishOnEveryPartition(topic, 'old', hourAgo);
    const recent = await publishOnEveryPartition(topic, 'recent');
    const seen = await consumeUntilSentinels(topic, uniqueName('group'), { timestamp: Date.now() - 60_000 }, 'live');
    expect(seen).toEqual([...recent, 'live-0', 'live-1', 'live-2'].sort());
  });

  it('a new group with a latest start receives only what is published after it started', async () => {
    const topic = await newTopic('start-latest');
    await publishOnEveryPartition(topic, 'before');
    const seen = await consumeUntilSentinels(topic, uniqueName('group'), 'latest', 'after');
    expect(seen).toEqual(['after-0', 'after-1', 'after-2']);
  });

  it('an existing group resumes where it committed, whatever startFrom says', async () => {
    const topic = await newTopic('start-resume');
    const groupId = uniqueName('group');
    const first = await publishOnEveryPartition(topic, 'a', hourAgo);
    expect(await consumeUntilSentinels(topic, groupId, 'earliest', 'a-end')).toEqual([...first, 'a-end-0', 'a-end-1', 'a-end-2'].sort());

    // Published while the group is away and an hour "old": `latest` or a start of now would skip
    // them for a new group; this group's commits win, so exactly these arrive, nothing earlier.
    const away = await publishOnEveryPartition(topic, 'b', hourAgo);
    expect(await consumeUntilSentinels(topic, groupId, 'latest', 'b-end')).toEqual([...away, 'b-end-0', 'b-end-1', 'b-end-2'].sort());

    const awayAgain = await publishOnEveryPartition(topic, 'c', hourAgo);
    expect(await consumeUntilSentinels(topic, groupId, { timestamp: Date.now() }, 'c-end')).toEqual([...awayAgain, 'c-end-0', 'c-end-1', 'c-end-2'].sort());
  });

  it('resetGroupOffsets moves a group with commits to the end (a per-instance view rebuilt on every start)', async () => {
    const topic = await newTopic('start-reset');
    const groupId = uniqueName('group');
    const first = await publishOnEveryPartition(topic, 'seen');
    expect(await consumeUntilSentinels(topic, groupId, 'earliest', 'seen-end')).toEqual([...first, 'seen-end-0', 'seen-end-1', 'seen-end-2'].sort());
    await publishOnEveryPartition(topic, 'missed');
    expect(await resetGroupOffsets(kafka, groupId, [topic], 'latest')).toBe(PARTITIONS);
    expect(await consumeUntilSentinels(topic, groupId, 'earliest', 'after-reset')).toEqual(['after-reset-0', 'after-reset-1', 'after-reset-2']);
  });
});
