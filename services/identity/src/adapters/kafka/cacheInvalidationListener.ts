import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '@qilbee/logger';
import { TOPICS } from '@qilbee/contracts';
import type { ApiKeyCache } from '../../app/apiKeys/apiKeyCache';
import { applyInvalidation } from '../../app/apiKeys/cacheInvalidation';
import { cloudEventData } from './parseCloudEvent';

/**
 * Every instance reads security.identity.v1 in its own consumer group (a broadcast), from the
 * latest offset: only changes from now on matter to a cache that starts empty. The cache is
 * enabled once the group is joined, so no entry can miss its invalidation.
 */
export class CacheInvalidationListener {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly cache: ApiKeyCache,
    instanceId: string,
    private readonly logger: Logger,
    private readonly topic: string = TOPICS.identity,
  ) {
    this.consumer = kafka.consumer({ groupId: `identity-cache-${instanceId}`, maxWaitTimeInMs: 50, sessionTimeout: 30_000 });
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.cache.enable();
      this.logger.info('API key cache enabled: invalidation listener joined');
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const data = cloudEventData(message.value?.toString('utf8') ?? null);
        if (data) applyInvalidation(this.cache, data);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
