import type { AuditRecord } from '../domain/auditRecord';
import type { AuditRecordStore } from '../app/ports';

/**
 * Wraps the real store to play a process that dies mid-write: once armed, the next insert writes
 * only its first `storedBeforeCrash` records for real, then every write fails, as if the process
 * were gone. Reads pass through.
 */
export function crashingStore(inner: AuditRecordStore, storedBeforeCrash: number): AuditRecordStore & { crashed: boolean } {
  const store = Object.create(inner) as AuditRecordStore & { crashed: boolean };
  store.crashed = false;
  store.insertInOrder = async (records: readonly AuditRecord[]) => {
    if (store.crashed) throw new Error('process is dead');
    if (records.length > storedBeforeCrash) {
      await inner.insertInOrder(records.slice(0, storedBeforeCrash));
      store.crashed = true;
      throw new Error('crashed mid-write');
    }
    await inner.insertInOrder(records);
  };
  return store;
}
