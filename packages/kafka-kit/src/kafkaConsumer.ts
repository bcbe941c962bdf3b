import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '@qilbee/logger';
import { positionNewGroup } from './groupStartPosition';
import type { BatchHandler, ConsumedMessage, EventConsumer } from './ports';
import { describeStartFrom, type StartFrom } from './startFrom';

export interface KafkaConsumerOptions {
  groupId: string;
  topics: string[];
  /**
   * Where the group starts when it has no committed offset at all: `earliest` (every record still
   * kept), `latest` (the end of each partition when `start` is called) or `{timestamp}` (the first
   * record at or after that time). A group with commits resumes from them regardless. Prefer this
   * to `fromBeginning`, which is ignored when this is given.
   */
  startFrom?: StartFrom;
  /**
   * Without `startFrom`: kafkajs's default for partitions without a commit (true = the beginning,
   * false = wherever the end is when the member first fetches). Default true.
   */
  fromBeginning?: boolean;
  /** Messages handed to the handler at a time; offsets are committed after each chunk. */
  chunkSize?: number;
  logger?: Logger;
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
    headers,
    timestampMs: Number(message.timestamp),
  };
}

/**
 * A consumer-group member with manual offset resolution: an offset is resolved only after the
 * handler made its chunk durable, and only resolved offsets are committed. Heartbeats are sent
 * between chunks so a long batch does not cost the group membership.
 */
export class KafkaConsumer implements EventConsumer {
  private readonly consumer: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      retry: { retries: 10 },
    });
  }

  async start(handler: BatchHandler): Promise<void> {
    const chunkSize = this.options.chunkSize ?? 500;
    const { startFrom, groupId, topics, logger } = this.options;
    if (startFrom !== undefined) {
      const start = await positionNewGroup(this.kafka, groupId, topics, startFrom, logger);
      logger?.info({ groupId, topics, startFrom: describeStartFrom(startFrom), start }, start.kind === 'resumed' ? 'consumer group resumes from its committed offsets' : 'new consumer group positioned');
    }
    // Partitions still without a commit (added later, or not positioned): latest only for `latest`.
    const fromBeginning = startFrom === undefined ? (this.options.fromBeginning ?? true) : startFrom !== 'latest';
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning });
    await this.consumer.run({
      autoCommit: true,
      // Commit after every durable chunk, not on a timer: a crash redelivers at most one chunk.
      autoCommitThreshold: 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        const messages = batch.messages.map((m) => toConsumed(batch.topic, batch.partition, m));
        for (let start = 0; start < messages.length; start += chunkSize) {
          if (!isRunning() || isStale()) return;
          const chunk = messages.slice(start, start + chunkSize);
          await handler(chunk);
          const last = chunk[chunk.length - 1];
          if (last) resolveOffset(last.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
