import { ManualClock, systemClock, type Clock } from '@qilbee/kernel';
import { testDatabase } from '@qilbee/testkit';
import { MongoAnchorStore } from '../adapters/mongo/mongoAnchorStore';
import { MongoAuditStore } from '../adapters/mongo/mongoAuditStore';
import { MongoCheckpointStore } from '../adapters/mongo/mongoCheckpointStore';
import { ChainWriter } from '../app/chainWriter';
import type { AuditRecordStore } from '../app/ports';
import { verifyChain } from '../app/verifyChain';
import { testSigningKey } from './fixtures';

/** The audit stores on a fresh database of the real server, for integration tests. */
export async function mongoAuditFixture(prefix: string) {
  const database = await testDatabase(prefix);
  const records = new MongoAuditStore(database.db);
  await records.ensureIndexes();
  const checkpoints = new MongoCheckpointStore(database.db);
  const anchors = new MongoAnchorStore(database.db);
  const keys = testSigningKey();
  return {
    ...database,
    ...keys,
    records,
    checkpoints,
    anchors,
    writer: (options: { clock?: Clock; store?: AuditRecordStore; checkpointIntervalMs?: number } = {}) =>
      new ChainWriter({
        records: options.store ?? records,
        checkpoints,
        anchors,
        signingKey: keys.signingKey,
        clock: options.clock ?? systemClock,
        checkpointIntervalMs: options.checkpointIntervalMs ?? 0,
      }),
    verify: (input: { from?: string; to?: string } = {}) => verifyChain({ records, checkpoints, anchors, trustedKeys: keys.trustedKeys }, input),
  };
}

export { ManualClock };
