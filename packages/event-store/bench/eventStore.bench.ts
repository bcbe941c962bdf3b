// Event-store benchmark (issue 2): append throughput (single and batched) next to raw insertOne /
// insertMany on the same server, and outbox relay throughput next to raw producer.send to the same
// Kafka, all measured in this run. Usage: npx tsx packages/event-store/bench/eventStore.bench.ts [events]
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { createKafka, ensureTopics, KafkaPublisher } from '@qilbee/kafka-kit';
import { systemClock, uuidv7 } from '@qilbee/kernel';
import { testEnv, uniqueName } from '@qilbee/testkit';
import { Lease, MongoEventStore, OutboxRelay, type Publication } from '../src';

const N = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 16;
const BATCH = 100;

async function timed(label: string, events: number, run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  const perSecond = events / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(48)} ${perSecond.toFixed(0).padStart(8)} events/s`);
  return perSecond;
}

/** Runs `count` tasks with at most CONCURRENCY in flight. */
async function pool(count: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function payload(i: number) {
  return { type: 'Happened', data: { i, note: 'benchmark payload of a typical security event size', at: Date.now() } };
}

function publication(topic: string, i: number): Publication {
  const eventId = uuidv7();
  return { topic, key: `subject-${i % 64}`, eventId, value: JSON.stringify({ id: eventId, i, pad: 'x'.repeat(300) }) };
}

async function appendBench(db: Db): Promise<void> {
  const raw = db.collection('raw_docs');
  const store = new MongoEventStore(db, systemClock, { projections: false });
  await store.ensureIndexes();
  await raw.createIndex({ streamId: 1, version: 1 }, { unique: true });

  console.log(`\n-- append (${N} events, ${CONCURRENCY} in flight) --`);
  const rawSingle = await timed('raw insertOne (baseline)', N, () => pool(N, (i) => raw.insertOne({ _id: uuidv7() as never, streamId: `r-${i}`, version: 1, ...payload(i) })));
  const single = await timed('store.append, 1 event per append', N, () => pool(N, (i) => store.append(`s-${i}`, 0, [payload(i)])));
  const rawMany = await timed(`raw insertMany, ${BATCH} docs per call (baseline)`, N, () =>
    pool(N / BATCH, (b) => raw.insertMany(Array.from({ length: BATCH }, (_, j) => ({ _id: uuidv7() as never, streamId: `rm-${b}-${j}`, version: 1, ...payload(j) })))),
  );
  const batched = await timed(`store.append, ${BATCH} events per append`, N, () => pool(N / BATCH, (b) => store.append(`b-${b}`, 0, Array.from({ length: BATCH }, (_, j) => payload(j)))));
  console.log(`single append / raw insertOne: ${((single / rawSingle) * 100).toFixed(0)}% (target >= 50%)`);
  console.log(`batched append / raw insertMany: ${((batched / rawMany) * 100).toFixed(0)}%`);
}

async function relayBench(db: Db): Promise<void> {
  const kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName('bench') });
  const rawTopic = uniqueName('bench_raw');
  const relayTopic = uniqueName('bench_relay');
  await ensureTopics(kafka, [rawTopic, relayTopic], 3);
  const publisher = new KafkaPublisher(kafka);
  const store = new MongoEventStore(db, systemClock, { projections: false });
  await store.commits.deleteMany({});
  console.log(`\n-- relay to Kafka (${N} events) --`);
  await publisher.publish(rawTopic, [{ key: 'warm', value: 'up' }]);
  const rawSend = await timed('raw producer.send, 500 per send (baseline)', N, async () => {
    for (let b = 0; b < N; b += 500) {
      await publisher.publish(rawTopic, Array.from({ length: Math.min(500, N - b) }, (_, j) => publication(rawTopic, b + j)));
    }
  });
  const lease = new Lease(db, 'bench', 'bench', 60_000, systemClock);
  const logger = pino({ level: 'silent' });
  // Backlog: N events already in the store, relayed by a relay that just started (catch-up rate).
  await pool(N, (i) => store.append(`relay-${i}`, 0, [payload(i)], { publications: [publication(relayTopic, i)] }));
  const catchUp = new OutboxRelay({ commits: store.commits, publisher, logger, batchSize: 1000, lease });
  const drained = await timed('outbox relay draining a backlog (store -> Kafka)', N, async () => {
    while ((await catchUp.relayOnce()) > 0);
  });
  // In-process path: commits made while this process leads reach the relay in memory.
  await pool(N, (i) => store.append(`live-${i}`, 0, [payload(i)], { publications: [publication(relayTopic, i)] }));
  const inProcess = await timed('outbox relay, in-process path (memory -> Kafka)', N, async () => {
    while ((await catchUp.relayOnce()) > 0);
  });
  console.log(`relay in-process / raw producer.send: ${((inProcess / rawSend) * 100).toFixed(0)}% (target >= 50%)`);
  console.log(`relay backlog drain / raw producer.send: ${((drained / rawSend) * 100).toFixed(0)}% (target >= 50%)`);
  await publisher.close();
}

async function main(): Promise<void> {
  const client = new MongoClient(testEnv().mongoUrl);
  await client.connect();
  const db = client.db(uniqueName('bench'));
  try {
    await appendBench(db);
    await relayBench(db);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

void main();
