import type { Kafka } from 'kafkajs';
import { KafkaConsumer, type EventConsumer } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';

/**
 * This instance's own consumer group on security.auth.v1 (`auth-revocations-<instance id>`),
 * feeding its revocation view. Before joining, the fresh group's offsets are set to the current
 * end of the topic: the caller then rebuilds the view from the store, and every revocation
 * published after that point is consumed, so nothing falls between the snapshot and the stream.
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
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(options.topic);
    await admin.setOffsets({ groupId, topic: options.topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.offset })) });
  } finally {
    await admin.disconnect();
  }
  await options.rebuild();
  const consumer = new KafkaConsumer(options.kafka, { groupId, topics: [options.topic], fromBeginning: false, chunkSize: 500, logger: options.logger });
  await consumer.start(async (messages) => options.apply(messages.map((m) => m.value)));
  return consumer;
}

/** Removes this instance's group at shutdown so per-instance groups do not pile up on the broker. */
export async function deleteRevocationGroup(kafka: Kafka, instanceId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([`auth-revocations-${instanceId}`]);
  } catch {
    // The broker refuses while members linger; the group then expires on its own.
  } finally {
    await admin.disconnect();
  }
}
