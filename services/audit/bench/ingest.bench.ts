/**
 * Audit ingest benchmark (run: `npx tsx services/audit/bench/ingest.bench.ts`; servers from
 * infra/up.sh). Three figures from one run against the same servers:
 *  1. baseline: the store's raw insertMany throughput into an audit collection with the same indexes;
 *  2. sustained ingest: a backlog on the security topics consumed by the real consumer/chain writer;
 *  3. end-to-end latency from produce to queryable at a fixed 1,000 events/s.
 * "Queryable" is when the ordered insertMany carrying the event resolved: from then on every query
 * sees it. It is observed by a hook on the store port rather than by polling, because on FerretDB
 * (SQLite) every sorted or range query scans the collection and polling would load the very server
 * being measured.
 * Env: BENCH_EVENTS (default 20000), BENCH_RATE_SECONDS (default 15).
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { createKafka, ensureTopics, KafkaPublisher, type OutgoingMessage } from '@qilbee/kafka-kit';
import { systemClock } from '@qilbee/kernel';
import { startAuditConsumer } from '../src/adapters/kafka/auditConsumer';
import { MongoAnchorStore } from '../src/adapters/mongo/mongoAnchorStore';
import { MongoAuditStore } from '../src/adapters/mongo/mongoAuditStore';
import { MongoCheckpointStore } from '../src/adapters/mongo/mongoCheckpointStore';
import { ChainWriter } from '../src/app/chainWriter';
import { createIngestHandler } from '../src/app/ingestChunk';
import type { AuditRecordStore } from '../src/app/ports';
import { GENESIS_LINK, type AuditRecord } from '../src/domain/auditRecord';
import { chainRecords } from '../src/domain/hashChain';
import { auditEvent, cloudEventValue, testSigningKey } from '../src/testing/fixtures';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 15);
const CHUNK = 500;
const logger = pino({ level: 'warn' });
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const run = `bench_${process.pid}_${Date.now().toString(36)}`;

async function auditStores(db: Db) {
  const records = new MongoAuditStore(db);
  await records.ensureIndexes();
  return { records, checkpoints: new MongoCheckpointStore(db), anchors: new MongoAnchorStore(db) };
}

async function rawInsertMany(db: Db): Promise<number> {
  const { records } = await auditStores(db);
  const docs = chainRecords(Array.from({ length: EVENTS }, (_, i) => auditEvent(i)), GENESIS_LINK, new Date().toISOString()).map((r) => ({ _id: r.event_id, ...r }));
  const started = performance.now();
  for (let i = 0; i < docs.length; i += CHUNK) await records.events.insertMany(docs.slice(i, i + CHUNK), { ordered: false });
  return EVENTS / ((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The store port with a hook called once an insert is durable (and so queryable). */
function observed(inner: AuditRecordStore, onStored: (records: readonly AuditRecord[]) => void): AuditRecordStore {
  const store = Object.create(inner) as AuditRecordStore;
  store.insertInOrder = async (records) => {
    await inner.insertInOrder(records);
    onStored(records);
  };
  return store;
}

async function pipeline(db: Db, topics: string[], kafka: ReturnType<typeof createKafka>, publisher: KafkaPublisher, onStored: (records: readonly AuditRecord[]) => void) {
  const stores = await auditStores(db);
  const { signingKey } = testSigningKey();
  const writer = new ChainWriter({ ...stores, records: observed(stores.records, onStored), signingKey, clock: systemClock, checkpointIntervalMs: 60_000, logger });
  const handler = createIngestHandler({ writer, deadLetters: publisher, deadLetterTopic: `${run}_dlq`, clock: systemClock, logger });
  return startAuditConsumer(kafka, handler, { groupId: `${run}_${randomUUID()}`, chunkSize: CHUNK, topics, logger });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function sustainedIngest(db: Db, kafka: ReturnType<typeof createKafka>, publisher: KafkaPublisher): Promise<{ overall: number; steady: number }> {
  const topics = ['auth', 'identity', 'ratelimit', 'access'].map((t) => `${run}_backlog_${t}`);
  await ensureTopics(kafka, topics, 3);
  const events = Array.from({ length: EVENTS }, (_, i) => auditEvent(i));
  for (let i = 0; i < EVENTS; i += 1000) {
    const messages: OutgoingMessage[] = events.slice(i, i + 1000).map((e) => ({ key: e.user_id ?? 'k', value: cloudEventValue(e) }));
    await publisher.publish(topics[(i / 1000) % topics.length] as string, messages);
  }
  let stored = 0;
  let first: { atMs: number; count: number } | undefined;
  const started = performance.now();
  const stop = await pipeline(db, topics, kafka, publisher, (records) => {
    first ??= { atMs: performance.now(), count: records.length };
    stored += records.length;
  });
  await until(() => stored >= EVENTS);
  const ended = performance.now();
  await stop();
  const firstSeen = first ?? { atMs: started, count: 0 };
  return { overall: EVENTS / ((ended - started) / 1000), steady: (EVENTS - firstSeen.count) / ((ended - firstSeen.atMs) / 1000) };
}

async function latencyAtFixedRate(db: Db, kafka: ReturnType<typeof createKafka>, publisher: KafkaPublisher): Promise<{ sent: number; rate: number; p50: number; p99: number; max: number }> {
  const topics = ['auth', 'identity', 'ratelimit', 'access'].map((t) => `${run}_rate_${t}`);
  await ensureTopics(kafka, topics, 3);
  const latencies: number[] = [];
  const stop = await pipeline(db, topics, kafka, publisher, (records) => {
    const now = Date.now();
    for (const record of records) latencies.push(now - Number(record.metadata.sent_at));
  });
  // Warm up: the consumer has joined once a first event is stored.
  await publisher.publish(topics[0] as string, [{ key: 'warm', value: cloudEventValue(auditEvent(-1, { metadata: { sent_at: Date.now() } })) }]);
  await until(() => latencies.length > 0);
  latencies.length = 0;
  let sent = 0;
  const perTick = 10;
  const tickMs = 10;
  const startMs = Date.now();
  for (let tick = 0; tick < (RATE_SECONDS * 1000) / tickMs; tick += 1) {
    const due = startMs + tick * tickMs;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const messages = Array.from({ length: perTick }, (_, i) => {
      const event = auditEvent(sent + i, { metadata: { sent_at: Date.now() } });
      return { key: event.user_id ?? 'k', value: cloudEventValue(event) };
    });
    await publisher.publish(topics[tick % topics.length] as string, messages);
    sent += perTick;
  }
  const rate = sent / ((Date.now() - startMs) / 1000);
  await until(() => latencies.length >= sent);
  await stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { sent, rate, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
}

async function main(): Promise<void> {
  const mongo = new MongoClient(mongoUrl);
  await mongo.connect();
  const kafka = createKafka({ brokers, clientId: run });
  const publisher = new KafkaPublisher(kafka);
  const dbs = ['raw', 'ingest', 'rate'].map((name) => mongo.db(`${run}_${name}`));
  try {
    console.log(`audit ingest benchmark: ${EVENTS} events, chunks of ${CHUNK}, FerretDB at ${mongoUrl}, Kafka at ${brokers.join(',')}`);
    const raw = await rawInsertMany(dbs[0] as Db);
    console.log(`baseline  store raw insertMany (same indexes, ${CHUNK}/call): ${raw.toFixed(0)} events/s`);
    const ingest = await sustainedIngest(dbs[1] as Db, kafka, publisher);
    console.log(`ingest    Kafka -> chain -> store, backlog of ${EVENTS}: ${ingest.steady.toFixed(0)} events/s sustained (${((ingest.steady / raw) * 100).toFixed(0)}% of raw); ${ingest.overall.toFixed(0)} events/s including the group join`);
    const latency = await latencyAtFixedRate(dbs[2] as Db, kafka, publisher);
    console.log(`latency   produce -> queryable at 1,000 events/s for ${RATE_SECONDS}s (${latency.sent} events, producer achieved ${latency.rate.toFixed(0)}/s): p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
  } finally {
    await publisher.close();
    for (const db of dbs) await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
