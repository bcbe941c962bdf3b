// readStream benchmark: a store holding many commits (default 20,000 commits of ~300 bytes over
// 10,000 streams), read the ways commands read it: a stream that does not exist yet (a new session
// family, a first lockout), a hot stream read again and again by this process, and cold streams
// (existing, never read by this process). Every figure is next to a raw find({_id}) and a raw
// find({streamId}) on the same collection, measured in this run.
// Usage: npx tsx packages/event-store/bench/readStream.bench.ts [commits] [samples]
import { MongoClient, type Collection, type Db } from 'mongodb';
import { systemClock, uuidv7 } from '@qilbee/kernel';
import { testEnv, uniqueName } from '@qilbee/testkit';
import { COMMITS_COLLECTION, MongoEventStore, type CommitDocument } from '../src';

const COMMITS = Number(process.argv[2] ?? 20_000);
const SAMPLES = Number(process.argv[3] ?? 10);
const STREAMS = Math.max(1, Math.floor(COMMITS / 2));

function commit(streamIndex: number, version: number): CommitDocument {
  const nowMs = Date.now();
  return {
    _id: uuidv7(nowMs),
    streamId: `bench-${streamIndex}`,
    version,
    lastVersion: version,
    events: [{ eventId: uuidv7(nowMs), type: 'Happened', data: { streamIndex, version, note: 'x'.repeat(120) }, schemaVersion: 1 }],
    metadata: { requestId: uuidv7(nowMs), ipAddress: '203.0.113.7' },
    recordedAt: new Date(nowMs),
  };
}

/** Writes the history directly (as an older store would hold it): two commits per stream. */
async function seed(commits: Collection<CommitDocument>): Promise<void> {
  const docs: CommitDocument[] = [];
  for (let i = 0; i < COMMITS; i += 1) docs.push(commit(i % STREAMS, Math.floor(i / STREAMS) + 1));
  for (let i = 0; i < docs.length; i += 1000) await commits.insertMany(docs.slice(i, i + 1000));
}

async function sample(label: string, op: (i: number) => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    await op(i);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)] ?? 0;
  const max = ms[ms.length - 1] ?? 0;
  console.log(`${label.padEnd(52)} median ${median.toFixed(2).padStart(9)} ms   max ${max.toFixed(2).padStart(9)} ms`);
}

async function main(): Promise<void> {
  const client = new MongoClient(testEnv().mongoUrl);
  await client.connect();
  const db: Db = client.db(uniqueName('bench_read'));
  try {
    const commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
    await seed(commits);
    console.log(`-- readStream on a store of ${COMMITS} commits over ${STREAMS} streams, ${SAMPLES} samples each --`);
    let started = performance.now();
    const store = new MongoEventStore(db, systemClock);
    await store.ensureIndexes();
    console.log(`${'ensureIndexes (first start: backfill, if any)'.padEnd(52)} ${(performance.now() - started).toFixed(0).padStart(9)} ms`);
    started = performance.now();
    await new MongoEventStore(db, systemClock).ensureIndexes();
    console.log(`${'ensureIndexes (second start)'.padEnd(52)} ${(performance.now() - started).toFixed(0).padStart(9)} ms`);

    await sample('raw find({_id}) (baseline)', (i) => commits.find({ _id: `missing-${i}` }).toArray());
    await sample('raw find({streamId}).sort({version}) (baseline)', (i) => commits.find({ streamId: `bench-${i}` }).sort({ version: 1 }).toArray());
    await sample('readStream, new stream', () => store.readStream(`new-${uuidv7()}`));
    // A stream from the middle of the store: on FerretDB (SQLite) an `_id` lookup is a pushed-down
    // scan that stops at the match, so where the stream's head sits matters.
    const middle = `bench-${Math.floor(STREAMS / 2)}`;
    await store.readStream(middle);
    await sample('readStream, hot stream (read before by this process)', () => store.readStream(middle));
    const hot = new MongoEventStore(db, systemClock);
    await hot.append('bench-hot', 0, [{ type: 'Happened', data: {} }]);
    await sample('readStream, stream this process appended to', () => hot.readStream('bench-hot'));
    // A fresh store object per sample: nothing of the stream is cached, as in a newly started process.
    await sample('readStream, cold stream (another process wrote it)', (i) => new MongoEventStore(db, systemClock).readStream(`bench-${100 + i}`));
    const events = await store.readStream('bench-100');
    if (events.length !== 2) throw new Error(`expected 2 events in bench-100, read ${events.length}`);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
