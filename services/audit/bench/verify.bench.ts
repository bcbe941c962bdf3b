/**
 * Verify benchmark (run: `npx tsx services/audit/bench/verify.bench.ts`; servers from infra/up.sh).
 * Builds a chain of BENCH_EVENTS records (default 9000) through the real chain writer on a fresh
 * database, a signed checkpoint per chunk of 500 (as a busy writer does every 60 s), then measures
 * in one run against the same server:
 *  1. baseline: a full Verify (every record from genesis: what every Verify did before receipts);
 *  2. incremental Verify right after (resumes at the receipt the full one left);
 *  3. incremental Verify after BENCH_TAIL (default 500) more records were appended.
 * Each line gives the wall time and the records read through the store port. On FerretDB (SQLite)
 * every sorted or range query scans the whole collection, so the time of a walk grows with the
 * number of pages it reads (1000 records each), not only with the records it hashes.
 */
import { MongoClient } from 'mongodb';
import { systemClock } from '@qilbee/kernel';
import { MongoAnchorStore } from '../src/adapters/mongo/mongoAnchorStore';
import { MongoAuditStore } from '../src/adapters/mongo/mongoAuditStore';
import { MongoCheckpointStore } from '../src/adapters/mongo/mongoCheckpointStore';
import { MongoReceiptStore } from '../src/adapters/mongo/mongoReceiptStore';
import { ChainWriter } from '../src/app/chainWriter';
import { verifyChain, type VerifyInput } from '../src/app/verifyChain';
import { auditEvent, testSigningKey } from '../src/testing/fixtures';
import { countingReads } from '../src/testing/countingReads';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 9_000);
const TAIL = Number(process.env.BENCH_TAIL ?? 500);
const CHUNK = 500;
const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';

async function main(): Promise<void> {
  const client = new MongoClient(mongoUrl);
  await client.connect();
  const db = client.db(`bench_verify_${process.pid}_${Date.now().toString(36)}`);
  try {
    const records = new MongoAuditStore(db);
    await records.ensureIndexes();
    const checkpoints = new MongoCheckpointStore(db);
    const anchors = new MongoAnchorStore(db);
    const receipts = new MongoReceiptStore(db);
    const { signingKey, trustedKeys } = testSigningKey();
    const writer = new ChainWriter({ records, checkpoints, anchors, signingKey, clock: systemClock, checkpointIntervalMs: 0 });
    const append = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += CHUNK) await writer.append(Array.from({ length: Math.min(CHUNK, from + count - i) }, (_, n) => auditEvent(i + n)));
    };
    const built = performance.now();
    await append(0, EVENTS);
    console.log(`chain of ${EVENTS} records built in ${((performance.now() - built) / 1000).toFixed(1)} s`);

    const verify = async (label: string, input: VerifyInput) => {
      const counting = countingReads(records);
      const started = performance.now();
      const report = await verifyChain({ records: counting.store, checkpoints, anchors, receipts, trustedKeys, signingKey, clock: systemClock }, input);
      const seconds = (performance.now() - started) / 1000;
      console.log(`${label.padEnd(42)} ${seconds.toFixed(2).padStart(7)} s  mode=${report.mode} ok=${report.ok} checked=${report.checked} records read=${counting.read()}`);
    };
    await verify('1. baseline: full Verify', { full: true });
    await verify('2. incremental Verify, nothing appended', {});
    await append(EVENTS, TAIL);
    await verify(`3. incremental Verify after ${TAIL} appended`, {});
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
