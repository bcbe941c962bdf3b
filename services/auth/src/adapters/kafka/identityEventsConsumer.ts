import type { Kafka } from 'kafkajs';
import { KafkaConsumer, type EventConsumer } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';

export const IDENTITY_EVENTS_GROUP = 'auth-identity-events';

/**
 * One group shared by all auth instances on security.identity.v1: password changes,
 * deactivations, deletions and role changes revoke the user's tokens. Offsets are committed only
 * after the revocation is stored; redelivery is harmless (the handler is idempotent by event id).
 */
export async function startIdentityEventsConsumer(options: {
  kafka: Kafka;
  topic: string;
  logger: Logger;
  groupId?: string;
  handle: (values: Array<string | null>) => Promise<unknown>;
}): Promise<EventConsumer> {
  const consumer = new KafkaConsumer(options.kafka, { groupId: options.groupId ?? IDENTITY_EVENTS_GROUP, topics: [options.topic], fromBeginning: true, chunkSize: 100, logger: options.logger });
  await consumer.start(async (messages) => {
    await options.handle(messages.map((m) => m.value));
  });
  return consumer;
}
