import { SECURITY_TOPICS, TOPICS } from '@qilbee/contracts';
import { connectMongo, Lease } from '@qilbee/event-store';
import { startGrpcServer } from '@qilbee/grpc-kit';
import { createKafka, ensureTopics, KafkaPublisher } from '@qilbee/kafka-kit';
import { systemClock } from '@qilbee/kernel';
import { onTerminationSignal } from '@qilbee/lifecycle';
import { createLogger } from '@qilbee/logger';
import { GzipNdjsonArchive } from './adapters/archive/gzipNdjsonArchive';
import { auditGrpcService } from './adapters/grpc/auditGrpcService';
import { startAuditConsumer } from './adapters/kafka/auditConsumer';
import { loadSigningKey } from './adapters/keys/signingKeySource';
import { MongoAnchorStore } from './adapters/mongo/mongoAnchorStore';
import { MongoAuditStore } from './adapters/mongo/mongoAuditStore';
import { MongoCheckpointStore } from './adapters/mongo/mongoCheckpointStore';
import { MongoReceiptStore } from './adapters/mongo/mongoReceiptStore';
import { createAuditLog } from './app/auditLog';
import { ChainWriter } from './app/chainWriter';
import { createIngestHandler } from './app/ingestChunk';
import { WriterLeadership } from './app/writerLeadership';
import { readConfig } from './config';

/** The composition root: config -> logger -> store, keys, Kafka -> app -> writer lease, gRPC -> shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'audit', level: config.LOG_LEVEL });
  const clock = systemClock;

  const mongo = await connectMongo(config.MONGO_URL, 'qilbee-audit');
  const db = mongo.db(config.AUDIT_DB);
  const records = new MongoAuditStore(db);
  await records.ensureIndexes();
  const checkpoints = new MongoCheckpointStore(db);
  const anchors = new MongoAnchorStore(db);
  const receipts = new MongoReceiptStore(db);
  const { signingKey, trustedKeys } = await loadSigningKey({
    keyText: config.AUDIT_SIGNING_KEY,
    keyFile: config.AUDIT_SIGNING_KEY_FILE,
    previousPublicKeys: config.AUDIT_PREVIOUS_PUBLIC_KEYS,
  });
  logger.info({ keyId: signingKey.keyId }, 'audit checkpoint signing key loaded');

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `audit-${config.AUDIT_INSTANCE_ID}`, logger, security: config.kafkaSecurity });
  await ensureTopics(kafka, [...SECURITY_TOPICS, TOPICS.deadLetter]);
  const publisher = new KafkaPublisher(kafka);

  const writer = new ChainWriter({ records, checkpoints, anchors, signingKey, clock, checkpointIntervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS, logger });
  const archive = new GzipNdjsonArchive(config.AUDIT_ARCHIVE_DIR);
  const audit = createAuditLog({ records, checkpoints, anchors, receipts, archive, writer, signingKey, trustedKeys, clock, retentionDays: config.AUDIT_RETENTION_DAYS, logger });
  const ingest = createIngestHandler({ writer, deadLetters: publisher, deadLetterTopic: TOPICS.deadLetter, clock, logger });

  const lease = new Lease(db, 'audit-writer', config.AUDIT_INSTANCE_ID, config.AUDIT_LEASE_TTL_MS, clock);
  const leadership = new WriterLeadership(
    lease,
    async () => {
      writer.resetTail();
      const stopConsumer = await startAuditConsumer(kafka, ingest, { groupId: config.AUDIT_CONSUMER_GROUP, startFrom: config.AUDIT_CONSUME_FROM, chunkSize: config.AUDIT_CHUNK_SIZE, logger });
      const retention = setInterval(() => {
        audit.applyRetention().catch((error: unknown) => logger.error({ err: error }, 'scheduled retention failed'));
      }, config.AUDIT_RETENTION_INTERVAL_MS);
      return async () => {
        clearInterval(retention);
        await stopConsumer();
        await writer.checkpointNow().catch((error: unknown) => logger.warn({ err: error }, 'final checkpoint failed'));
      };
    },
    Math.max(Math.floor(config.AUDIT_LEASE_TTL_MS / 3), 1000),
    logger,
  );

  const grpc = await startGrpcServer({
    host: config.AUDIT_GRPC_HOST,
    port: config.AUDIT_GRPC_PORT,
    tls: config.grpcTls,
    services: [auditGrpcService(audit, logger)],
    logger,
  });
  await leadership.start();

  onTerminationSignal(
    () => [
      { name: 'grpc', run: () => grpc.shutdown() },
      { name: 'writer', run: () => leadership.stop() },
      { name: 'kafka-publisher', run: () => publisher.close() },
      { name: 'mongo', run: () => mongo.close() },
    ],
    logger,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
