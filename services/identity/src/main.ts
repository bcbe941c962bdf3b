import { randomBytes } from 'node:crypto';
import { onTerminationSignal, type ShutdownStep } from '@qilbee/lifecycle';
import { createLogger, type Logger } from '@qilbee/logger';
import { startGrpcServer } from '@qilbee/grpc-kit';
import { TOPICS } from '@qilbee/contracts';
import { systemClock, uuidv7Generator } from '@qilbee/kernel';
import { createKafka, ensureTopics, KafkaConsumer, KafkaPublisher } from '@qilbee/kafka-kit';
import { connectMongo, Lease, MongoEventStore, OutboxRelay, ProjectionSweeper } from '@qilbee/event-store';
import { readConfig, type Config } from './config';
import type { IdentityDeps } from './app/deps';
import { IdentityApp } from './app/identityApp';
import { ApiKeyCache } from './app/apiKeys/apiKeyCache';
import { UsageBuffer } from './app/apiKeys/usageBuffer';
import { expireDueKeys } from './app/apiKeys/expireApiKeys';
import { bootstrapAdmin } from './app/bootstrapAdmin';
import { MongoUserDirectory } from './adapters/mongo/mongoUserDirectory';
import { MongoApiKeyDirectory } from './adapters/mongo/mongoApiKeyDirectory';
import { MongoRoleDirectory } from './adapters/mongo/mongoRoleDirectory';
import { MongoReservationStore } from './adapters/mongo/mongoReservationStore';
import { MongoLastLoginStore, MongoUsageStore } from './adapters/mongo/mongoActivityStores';
import { resolvePepper } from './adapters/mongo/pepperStore';
import { Argon2PasswordHasher } from './adapters/crypto/argon2PasswordHasher';
import { HmacKeyHasher } from './adapters/crypto/hmacKeyHasher';
import { cryptoKeyRandomness } from './adapters/crypto/keyRandomness';
import { loadBlocklist } from '@qilbee/password-policy';
import { loginHandler, loginsStartFrom } from './adapters/kafka/loginConsumer';
import { CacheInvalidationListener } from './adapters/kafka/cacheInvalidationListener';
import { identityService } from './adapters/grpc/identityService';
import { every } from './adapters/runtime/periodic';
import { adminPasswordWriter } from './adapters/runtime/adminPasswordFile';

export interface RunningIdentity {
  port: number;
  app: IdentityApp;
  relay: OutboxRelay;
  /** Stops everything in reverse start order. */
  stop(): Promise<void>;
  shutdownSteps(): ShutdownStep[];
}

/** The composition root: config -> logger -> store -> Kafka -> app -> consumers -> gRPC -> shutdown. */
export async function startIdentity(config: Config, logger: Logger): Promise<RunningIdentity> {
  // Each started part registers its stop step, so a failed start undoes what it did (in reverse).
  const started: ShutdownStep[] = [];
  const stopAll = async (steps: ShutdownStep[]) => {
    for (const step of steps) await step.run().catch((error: unknown) => logger.warn({ err: error, step: step.name }, 'shutdown step failed'));
  };
  try {
    return await compose(config, logger, started, stopAll);
  } catch (error) {
    await stopAll([...started].reverse());
    throw error;
  }
}

async function compose(config: Config, logger: Logger, started: ShutdownStep[], stopAll: (steps: ShutdownStep[]) => Promise<void>): Promise<RunningIdentity> {
  const mongo = await connectMongo(config.MONGO_URL, 'qilbee-identity');
  started.push({ name: 'mongo', run: () => mongo.close() });
  const db = mongo.db(config.IDENTITY_DB);
  const store = new MongoEventStore(db, systemClock);
  const users = new MongoUserDirectory(db, store);
  const apiKeys = new MongoApiKeyDirectory(db, store);
  const roles = new MongoRoleDirectory(db, store);
  await Promise.all([store.ensureIndexes(), users.ensureIndexes(), apiKeys.ensureIndexes()]);

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `identity-${config.IDENTITY_INSTANCE_ID}`, logger, security: config.kafkaSecurity });
  await ensureTopics(kafka, [TOPICS.identity, config.AUTH_EVENTS_TOPIC]);
  const publisher = new KafkaPublisher(kafka);
  started.push({ name: 'kafka-publisher', run: () => publisher.close() });
  const lease = new Lease(db, 'identity-outbox', config.IDENTITY_INSTANCE_ID, 5_000, systemClock);
  const relay = new OutboxRelay({ commits: store.commits, publisher, lease, logger, pollMs: config.OUTBOX_POLL_MS });
  relay.start();
  started.push({ name: 'outbox-relay', run: () => relay.stop() });
  const sweeper = new ProjectionSweeper(store.commits, [users.model, apiKeys.model, roles.model], logger);

  const passwords = new Argon2PasswordHasher();
  const deps: IdentityDeps = {
    store,
    users,
    apiKeys,
    roles,
    reservations: new MongoReservationStore(db),
    lastLogins: new MongoLastLoginStore(db),
    usage: new MongoUsageStore(db),
    usageBuffer: new UsageBuffer(),
    passwords,
    keyHasher: new HmacKeyHasher(await resolvePepper(db, config.API_KEY_PEPPER, logger)),
    keyRandomness: cryptoKeyRandomness,
    cache: new ApiKeyCache(config.API_KEY_CACHE_TTL_MS, { enabled: false }),
    ids: uuidv7Generator,
    clock: systemClock,
    blocklist: loadBlocklist(config.PASSWORD_BLOCKLIST_FILE),
    hooks: {
      // Called once a commit is projected. Marking it is bookkeeping (the sweeper re-projects what
      // stays unmarked), so the answer does not wait for it.
      committed: async (streamId, firstVersion) => {
        relay.notify();
        sweeper.markProjectedLater(streamId, firstVersion);
      },
    },
    logger,
  };
  const app = new IdentityApp(deps, await passwords.hash(randomBytes(32).toString('base64')));
  await bootstrapAdmin(
    deps,
    { username: config.ADMIN_USERNAME, email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
    adminPasswordWriter(config.ADMIN_PASSWORD_FILE, logger),
  );

  const logins = new KafkaConsumer(kafka, { groupId: config.LOGINS_GROUP_ID, topics: [config.AUTH_EVENTS_TOPIC], startFrom: loginsStartFrom(config, Date.now()), logger });
  started.push({ name: 'login-consumer', run: () => logins.stop() });
  await logins.start(loginHandler(deps.lastLogins, logger));
  const invalidation = new CacheInvalidationListener(kafka, deps.cache, config.IDENTITY_INSTANCE_ID, logger);
  started.push({ name: 'cache-invalidation', run: () => invalidation.stop() });
  await invalidation.start();
  started.push({ name: 'last-used-flush', run: async () => void (await deps.usageBuffer.flush(deps.usage)) });
  const jobs = [
    every(config.PROJECTION_SWEEP_MS, 'projection-sweep', () => sweeper.sweep(10_000, Date.now()), logger),
    every(config.EXPIRY_SWEEP_MS, 'api-key-expiry', () => expireDueKeys(deps), logger),
    every(config.LAST_USED_FLUSH_MS, 'last-used-flush', () => deps.usageBuffer.flush(deps.usage), logger),
  ];
  started.push({ name: 'jobs', run: async () => void (await Promise.all(jobs.map((job) => job.stop()))) });
  const grpc = await startGrpcServer({ host: config.IDENTITY_GRPC_HOST, port: config.IDENTITY_GRPC_PORT, tls: config.grpcTls, services: [identityService(app, logger)], logger });
  started.push({ name: 'grpc', run: () => grpc.shutdown() });

  const shutdownSteps = () => [...started].reverse();
  return { port: grpc.port, app, relay, shutdownSteps, stop: () => stopAll(shutdownSteps()) };
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
  const running = await startIdentity(config, logger);
  onTerminationSignal(() => running.shutdownSteps(), logger);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
