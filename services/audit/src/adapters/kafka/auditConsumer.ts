import { SECURITY_TOPICS } from '@qilbee/contracts';
import { KafkaConsumer, type BatchHandler, type StartFrom } from '@qilbee/kafka-kit';
import type { Kafka } from 'kafkajs';
import type { Logger } from '@qilbee/logger';

export interface AuditConsumerOptions {
  groupId: string;
  chunkSize: number;
  /** Where a group without commits starts (AUDIT_CONSUME_FROM); default earliest: nothing missed. */
  startFrom?: StartFrom;
  topics?: readonly string[];
  logger: Logger;
}

/**
 * Starts one member of the audit consumer group over every security topic and returns how to stop
 * it. A new group starts at `startFrom` (earliest unless configured otherwise); an existing group
 * resumes from its commits. Offsets are committed by kafka-kit only after `handler` made a chunk
 * durable.
 */
export async function startAuditConsumer(kafka: Kafka, handler: BatchHandler, options: AuditConsumerOptions): Promise<() => Promise<void>> {
  const consumer = new KafkaConsumer(kafka, {
    groupId: options.groupId,
    topics: [...(options.topics ?? SECURITY_TOPICS)],
    startFrom: options.startFrom ?? 'earliest',
    chunkSize: options.chunkSize,
    logger: options.logger,
  });
  await consumer.start(handler);
  return () => consumer.stop();
}
