import type { Kafka } from 'kafkajs';
import { KafkaConsumer, deleteConsumerGroup, resetGroupOffsets, type EventConsumer } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';

/**
 * This instance's own consumer group on security.auth.v1 (`auth-revocations-<instance id>`),
 * feeding its revocation view. It never replays the topic's history: before joining, the group's
 * offsets are committed at the current end of the topic (on every start, also when a restart with a
 * fixed AUTH_INSTANCE_ID finds old commits: the view is rebuilt, not resumed); the caller then
 * rebuilds the view from the store, and every revocation published after that point is consumed,
 * so nothing falls between the snapshot and the stream. The group is deleted at shutdown.
 */
export async function startRevocationConsumer(options: {
  kafka: Kafka;
  topic: string;
  instanceId: string;
  logger: Logger;
  /** Runs after the offsets are pinned and before consuming: the store snapshot. */
  rebuild: () => Promise<void>;
  apply: (values: Array<string | null>) => Promise<void>;
}): Promise<EventConsumer> {
  const groupId = `auth-revocations-${options.instanceId}`;
  // kafka-kit commits the end offsets with one short-lived member; kafkajs's admin.setOffsets,
  // used here before, waited a whole fetch (5 s) on every start.
  await resetGroupOffsets(options.kafka, groupId, [options.topic], 'latest', options.logger);
  await options.rebuild();
  const consumer = new KafkaConsumer(options.kafka, { groupId, topics: [options.topic], fromBeginning: false, chunkSize: 500, logger: options.logger });
  await consumer.start(async (messages) => options.apply(messages.map((m) => m.value)));
  return consumer;
}

/** Removes this instance's group at shutdown so per-instance groups do not pile up on the broker. */
export function deleteRevocationGroup(kafka: Kafka, instanceId: string): Promise<void> {
  return deleteConsumerGroup(kafka, `auth-revocations-${instanceId}`);
}
