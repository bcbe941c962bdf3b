import { Redis } from 'ioredis';
import { TOPICS } from '@qilbee/contracts';
import { connectMongo, Lease, MongoEventStore, OutboxRelay, ProjectionSweeper } from '@qilbee/event-store';
import { startGrpcServer, type RunningGrpcServer } from '@qilbee/grpc-kit';
import { createKafka, ensureTopics, KafkaPublisher } from '@qilbee/kafka-kit';
import { systemClock, uuidv7Generator } from '@qilbee/kernel';
import { onTerminationSignal, type ShutdownStep } from '@qilbee/lifecycle';
import { createLogger, type Logger } from '@qilbee/logger';
import { RateLimitChecker } from './app/checkRateLimit';
import { ExceededReporter } from './app/exceededReporter';
import { FailoverBucketStore } from './app/failoverBucketStore';
import { PolicyService } from './app/managePolicies';
import { PolicyCatalog } from './app/policyCatalog';
import type { BucketStore } from './app/ports';
import { seedDefaultPolicies } from './app/seedDefaultPolicies';
import { envoyRateLimitRegistration } from './adapters/grpc/envoyRateLimitService';
import { rateLimitServiceRegistration } from './adapters/grpc/rateLimitService';
import { MemoryBucketStore } from './adapters/memory/memoryBucketStore';
import { MongoPolicyViews, policyReadModel } from './adapters/mongo/mongoPolicyViews';
import { RedisBucketStore } from './adapters/redis/redisBucketStore';
import { readConfig, type Config } from './config';

export interface RunningRateLimit {
  grpc: RunningGrpcServer;
  /** Stops everything in reverse start order. */
  steps: ShutdownStep[];
  stop(): Promise<void>;
}

/** The composition root: config -> logger -> clients -> ports -> app -> servers -> shutdown. */
export async function startRateLimit(config: Config, logger: Logger): Promise<RunningRateLimit> {
  const clock = systemClock;
  const mongo = await connectMongo(config.MONGO_URL, 'qilbee-ratelimit');
  const db = mongo.db(config.RATELIMIT_DB);
  const eventStore = new MongoEventStore(db, clock);
  await eventStore.ensureIndexes();
  const readModel = policyReadModel(db, eventStore);
  const sweeper = new ProjectionSweeper(eventStore.commits, [readModel], logger);
  const views = new MongoPolicyViews(readModel, sweeper);

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `ratelimit-${config.RATELIMIT_INSTANCE_ID}`, logger, security: config.kafkaSecurity });
  await ensureTopics(kafka, [TOPICS.ratelimit]).catch((error: unknown) => logger.warn({ err: error }, 'could not ensure Kafka topics; relay will retry'));
  const publisher = new KafkaPublisher(kafka);
  const relay = new OutboxRelay({ commits: eventStore.commits, publisher, lease: new Lease(db, 'ratelimit-outbox', config.RATELIMIT_INSTANCE_ID, 10_000, clock), logger });
  relay.start();

  const catalog = new PolicyCatalog(views, logger);
  const policies = new PolicyService({ store: eventStore, views, clock, ids: uuidv7Generator, afterChange: async () => { relay.notify(); await catalog.refresh(); } });
  if (config.RATELIMIT_SEED_DEFAULTS) await seedDefaultPolicies(policies, logger);
  await catalog.refresh();
  catalog.start(config.RATELIMIT_POLICY_REFRESH_MS);

  const local = new MemoryBucketStore(clock, { maxBuckets: config.RATELIMIT_MAX_LOCAL_BUCKETS });
  const { store, failover } = await bucketStore(config, local, logger);
  catalog.onScopesChanged((scopes) => store.retainScopes(scopes));
  const reporter = new ExceededReporter(publisher, clock, logger);
  reporter.start(config.RATELIMIT_EXCEEDED_FLUSH_MS);
  const checker = new RateLimitChecker(catalog, store, reporter);
  const timers = [
    setInterval(() => local.sweep(), config.RATELIMIT_SWEEP_MS),
    setInterval(() => void sweeper.sweep(5000, clock.nowMs()).catch((error: unknown) => logger.warn({ err: error }, 'projection sweep failed')), 5000),
  ];
  for (const timer of timers) timer.unref();

  const status = () => ({
    backend: config.RATELIMIT_BACKEND,
    sharedStoreReachable: failover?.sharedReachable ?? true,
    fallbackDecisionsTotal: failover?.fallbackDecisionsTotal ?? 0,
    localBuckets: local.size,
    policiesLoaded: catalog.index.policies.length,
    exceededEventsPublished: reporter.publishedTotal,
  });
  const grpc = await startGrpcServer({
    host: config.RATELIMIT_GRPC_HOST,
    port: config.RATELIMIT_GRPC_PORT,
    tls: config.grpcTls,
    services: [rateLimitServiceRegistration({ checker, policies, status, logger }), envoyRateLimitRegistration(checker, logger)],
    logger,
  });

  const steps: ShutdownStep[] = [
    { name: 'grpc', run: () => grpc.shutdown() },
    { name: 'timers', run: async () => { catalog.stop(); for (const timer of timers) clearInterval(timer); } },
    { name: 'exceeded-reporter', run: () => reporter.stop() },
    { name: 'outbox-relay', run: () => relay.stop() },
    { name: 'kafka-publisher', run: () => publisher.close() },
    { name: 'buckets', run: () => store.close() },
    { name: 'mongo', run: () => mongo.close() },
  ];
  return { grpc, steps, stop: async () => { for (const step of steps) await step.run().catch((error: unknown) => logger.warn({ err: error, step: step.name }, 'stop step failed')); } };
}

async function bucketStore(config: Config, local: MemoryBucketStore, logger: Logger): Promise<{ store: BucketStore; failover?: FailoverBucketStore }> {
  if (config.RATELIMIT_BACKEND === 'memory') return { store: local };
  const redis = new Redis(config.REDIS_URL, {
    commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
    // Fail fast while disconnected instead of queueing: the failover store decides locally.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  await waitUntilReady(redis, config.REDIS_CONNECT_TIMEOUT_MS).catch(() => logger.warn('redis not reachable at start; deciding with local buckets until it is'));
  const failover = new FailoverBucketStore(new RedisBucketStore(redis, config.REDIS_KEY_PREFIX), local, systemClock, logger, {
    retryAfterMs: config.REDIS_RETRY_AFTER_MS,
  });
  return { store: failover, failover };
}

function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis not ready')), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'ratelimit', level: config.LOG_LEVEL });
  const running = await startRateLimit(config, logger);
  onTerminationSignal(() => running.steps, logger);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
