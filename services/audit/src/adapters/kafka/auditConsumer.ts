import { SECURITY_TOPICS } from '@qilbee/contracts';
import { KafkaConsumer } from '@qilbee/kafka-kit';
import type { Kafka } from 'kafkajs';
import type { Logger } from '@qilbee/logger';
import type { BatchHandler } from '@qilbee/kafka-kit';

export interface AuditConsumerOptions {
  groupId: string;
  chunkSize: number;
  topics?: readonly string[];
  logger: Logger;
}

/**
 * Starts one member of the audit consumer group over every security topic, from the beginning
 * for a new group (nothing missed), and returns how to stop it. Offsets are committed by
 * kafka-kit only after `handler` made a chunk durable.
 */
export async function startAuditConsumer(kafka: Kafka, handler: BatchHandler, options: AuditConsumerOptions): Promise<() => Promise<void>> {
  const consumer = new KafkaConsumer(kafka, {
    groupId: options.groupId,
    topics: [...(options.topics ?? SECURITY_TOPICS)],
    fromBeginning: true,
    chunkSize: options.chunkSize,
    logger: options.logger,
  });
  await consumer.start(handler);
  return () => consumer.stop();
}
