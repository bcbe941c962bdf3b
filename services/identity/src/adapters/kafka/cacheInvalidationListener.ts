import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@qilbee/logger';
import { TOPICS } from '@qilbee/contracts';
import { deleteConsumerGroup, positionNewGroup } from '@qilbee/kafka-kit';
import type { ApiKeyCache } from '../../app/apiKeys/apiKeyCache';
import { applyInvalidation } from '../../app/apiKeys/cacheInvalidation';
import { cloudEventData } from './parseCloudEvent';

/** How far before the process started the listener's group begins (clock skew between hosts). */
const LOOKBACK_MS = 5_000;

/**
 * Every instance reads security.identity.v1 in its own consumer group (a broadcast). The group
 * is positioned, before it joins, at the first record published a little before this process
 * started, and the cache is enabled once the group has joined: every change published after
 * the cache could hold an entry is therefore read, even one published while the group was
 * still resolving where to start (replaying a few seconds of invalidations into an empty cache
 * is harmless). The group belongs to this process and is deleted when it stops.
 */
export class CacheInvalidationListener {
  private readonly consumer: Consumer;
  private readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly cache: ApiKeyCache,
    instanceId: string,
    private readonly logger: Logger,
    private readonly topic: string = TOPICS.identity,
    private readonly startedAtMs: number = Date.now(),
  ) {
    this.groupId = `identity-cache-${instanceId}`;
    this.consumer = kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 50, sessionTimeout: 30_000 });
  }

  async start(): Promise<void> {
    await positionNewGroup(this.kafka, this.groupId, [this.topic], { timestamp: this.startedAtMs - LOOKBACK_MS }, this.logger);
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.cache.enable();
      this.logger.info('API key cache enabled: invalidation listener joined');
    });
    await this.consumer.connect();
    // Partitions the positioning did not cover (created since) are read from their beginning.
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const data = cloudEventData(message.value?.toString('utf8') ?? null);
        if (data) applyInvalidation(this.cache, data);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await deleteConsumerGroup(this.kafka, this.groupId);
  }
}
