import { randomUUID } from 'node:crypto';
import { authV1, TOPICS } from '@qilbee/contracts';
import { connectMongo, Lease, MongoEventStore, OutboxRelay, ProjectionSweeper } from '@qilbee/event-store';
import { startGrpcServer, type RunningGrpcServer } from '@qilbee/grpc-kit';
import { createKafka, ensureTopics, KafkaPublisher, type EventConsumer, type EventPublisher } from '@qilbee/kafka-kit';
import { systemClock, type Clock } from '@qilbee/kernel';
import type { ShutdownStep } from '@qilbee/lifecycle';
import type { Logger } from '@qilbee/logger';
import { AuthApp } from './app/authApp';
import type { IdentityPort } from './app/ports/identityPort';
import type { Config } from './config';
import { parseEncryptionKey } from './adapters/crypto/aesGcm';
import { AUTH_SERVICE_NAME, authGrpcService } from './adapters/grpc/authGrpcService';
import { identityEventsStartFrom, startIdentityEventsConsumer } from './adapters/kafka/identityEventsConsumer';
import { deleteRevocationGroup, startRevocationConsumer } from './adapters/kafka/revocationConsumer';
import { MongoLockoutDirectory, MongoSessionDirectory } from './adapters/mongo/mongoReadModels';
import { MongoRevocationStore } from './adapters/mongo/mongoRevocationStore';
import { MongoSigningKeyVault } from './adapters/mongo/mongoSigningKeyVault';
import { revocationReprojectors } from './adapters/mongo/revocationReprojector';
import { appSettings } from './appSettings';

export interface AuthRuntime {
  app: AuthApp;
  instanceId: string;
  grpcPort: number;
  /** Reverse start order, for onTerminationSignal / tests. */
  shutdownSteps(): ShutdownStep[];
  stop(): Promise<void>;
}

/** Sends public events to the configured topic names (tests use unique ones). */
function renamingPublisher(inner: EventPublisher, config: Config): EventPublisher {
  const names: Record<string, string> = { [TOPICS.auth]: config.AUTH_EVENTS_TOPIC };
  return { publish: (topic, messages) => inner.publish(names[topic] ?? topic, messages), close: () => inner.close() };
}

/**
 * Assembles one auth instance: store, Kafka, outbox relay, app, consumers, gRPC, timers. main.ts
 * calls it once; integration tests and the benchmark start several in one process.
 */
export async function startAuthRuntime(config: Config, identity: IdentityPort, logger: Logger, clock: Clock = systemClock): Promise<AuthRuntime> {
  const instanceId = config.AUTH_INSTANCE_ID ?? randomUUID();
  const mongo = await connectMongo(config.MONGO_URL, 'qilbee-auth');
  const db = mongo.db(config.AUTH_DB);
  const store = new MongoEventStore(db, clock);
  await store.ensureIndexes();
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `auth-${instanceId}`, logger, security: config.kafkaSecurity });
  await ensureTopics(kafka, [config.AUTH_EVENTS_TOPIC, config.IDENTITY_EVENTS_TOPIC]);
  const kafkaPublisher = new KafkaPublisher(kafka);
  const relay = new OutboxRelay({ commits: store.commits, publisher: renamingPublisher(kafkaPublisher, config), lease: new Lease(db, 'auth-outbox', instanceId, 5000, clock), logger, pollMs: 100 });

  const lockoutDirectory = new MongoLockoutDirectory(db, store);
  const sessionDirectory = new MongoSessionDirectory(db, store);
  const revocationStore = new MongoRevocationStore(db);
  await Promise.all([sessionDirectory.ensureIndexes(), revocationStore.ensureIndexes()]);
  const encryptionKey = config.SIGNING_KEY_ENCRYPTION_KEY ? parseEncryptionKey(config.SIGNING_KEY_ENCRYPTION_KEY) : undefined;
  if (!encryptionKey) logger.warn('SIGNING_KEY_ENCRYPTION_KEY is not set: private signing keys are stored unencrypted in the auth database');
  const sweeper = new ProjectionSweeper(store.commits, [lockoutDirectory.model, sessionDirectory.model, ...revocationReprojectors(store, revocationStore)], logger);
  const hooks = {
    // Called once a commit is projected. Marking it is bookkeeping (the sweeper re-projects what
    // stays unmarked), so the answer does not wait for it, nor do the next writes queue behind it.
    committed: async (streamId: string, firstVersion: number) => {
      relay.notify();
      sweeper.markProjectedLater(streamId, firstVersion);
    },
  };
  const app = new AuthApp({ ...appSettings(config), store, clock, identity, vault: new MongoSigningKeyVault(db, encryptionKey), revocationStore, lockoutDirectory, sessionDirectory, hooks });
  await app.startKeys();
  relay.start();

  const consumers: EventConsumer[] = [];
  consumers.push(await startRevocationConsumer({ kafka, topic: config.AUTH_EVENTS_TOPIC, instanceId, logger, rebuild: () => app.resync(), apply: (values) => app.applyAuthEvents(values) }));
  // Wall-clock time, not the injected clock: Kafka record timestamps are wall-clock.
  const identityEventsStart = identityEventsStartFrom(config, Date.now());
  consumers.push(await startIdentityEventsConsumer({ kafka, topic: config.IDENTITY_EVENTS_TOPIC, groupId: config.AUTH_IDENTITY_EVENTS_GROUP, startFrom: identityEventsStart, logger, handle: (values) => app.handleIdentityEvents(values) }));

  const timers = startTimers(app, sweeper, config, clock, logger);
  const grpc: RunningGrpcServer = await startGrpcServer({
    host: config.AUTH_GRPC_HOST,
    port: config.AUTH_GRPC_PORT,
    tls: config.grpcTls,
    services: [{ name: AUTH_SERVICE_NAME, definition: authV1.AuthServiceService, implementation: authGrpcService(app, logger) }],
    logger,
  });

  const shutdownSteps = (): ShutdownStep[] => [
    { name: 'grpc', run: () => grpc.shutdown() },
    { name: 'timers', run: async () => timers.forEach((timer) => clearInterval(timer)) },
    ...consumers.reverse().map((consumer, index) => ({ name: `consumer-${index}`, run: () => consumer.stop() })),
    { name: 'outbox-relay', run: () => relay.stop() },
    { name: 'kafka-publisher', run: () => kafkaPublisher.close() },
    { name: 'revocation-group', run: () => deleteRevocationGroup(kafka, instanceId) },
    { name: 'mongo', run: () => mongo.close() },
  ];
  return {
    app,
    instanceId,
    grpcPort: grpc.port,
    shutdownSteps,
    stop: async () => {
      for (const step of shutdownSteps()) await step.run().catch((error: unknown) => logger.warn({ err: error, step: step.name }, 'shutdown step failed'));
    },
  };
}

/** Key rotation check, revocation re-sync (with pruning), and the projection safety net. */
function startTimers(app: AuthApp, sweeper: ProjectionSweeper, config: Config, clock: Clock, logger: Logger): NodeJS.Timeout[] {
  const every = (ms: number, name: string, task: () => Promise<unknown>) => {
    const timer = setInterval(() => void task().catch((error: unknown) => logger.warn({ err: error, task: name }, 'periodic task failed')), ms);
    timer.unref();
    return timer;
  };
  return [
    every(60_000, 'signing-key-rotation', () => app.rotateSigningKeyIfDue()),
    every(config.REVOCATION_RESYNC_SECONDS * 1000, 'revocation-resync', () => app.resync()),
    every(30_000, 'projection-sweep', () => sweeper.sweep(30_000, clock.nowMs())),
  ];
}
