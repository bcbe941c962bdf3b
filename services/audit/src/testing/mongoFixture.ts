import { ManualClock, systemClock, type Clock } from '@qilbee/kernel';
import { testDatabase } from '@qilbee/testkit';
import { MongoAnchorStore } from '../adapters/mongo/mongoAnchorStore';
import { MongoAuditStore } from '../adapters/mongo/mongoAuditStore';
import { MongoCheckpointStore } from '../adapters/mongo/mongoCheckpointStore';
import { MongoReceiptStore } from '../adapters/mongo/mongoReceiptStore';
import { ChainWriter } from '../app/chainWriter';
import type { AuditRecordStore } from '../app/ports';
import { verifyChain, type VerifyInput } from '../app/verifyChain';
import { testSigningKey } from './fixtures';

/** The audit stores on a fresh database of the real server, for integration tests. */
export async function mongoAuditFixture(prefix: string) {
  const database = await testDatabase(prefix);
  const records = new MongoAuditStore(database.db);
  await records.ensureIndexes();
  const checkpoints = new MongoCheckpointStore(database.db);
  const anchors = new MongoAnchorStore(database.db);
  const receipts = new MongoReceiptStore(database.db);
  const keys = testSigningKey();
  return {
    ...database,
    ...keys,
    records,
    checkpoints,
    anchors,
    receipts,
    writer: (options: { clock?: Clock; store?: AuditRecordStore; checkpointIntervalMs?: number } = {}) =>
      new ChainWriter({
        records: options.store ?? records,
        checkpoints,
        anchors,
        signingKey: keys.signingKey,
        clock: options.clock ?? systemClock,
        checkpointIntervalMs: options.checkpointIntervalMs ?? 0,
      }),
    /** Verify as the service runs it; `records` swaps the store read (e.g. a counting wrapper). */
    verify: (input: VerifyInput = {}, options: { records?: AuditRecordStore } = {}) =>
      verifyChain({ records: options.records ?? records, checkpoints, anchors, receipts, trustedKeys: keys.trustedKeys, signingKey: keys.signingKey, clock: systemClock }, input),
  };
}

export { ManualClock };
