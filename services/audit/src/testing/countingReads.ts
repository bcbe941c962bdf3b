import type { AuditRecord } from '../domain/auditRecord';
import type { AuditRecordStore } from '../app/ports';

/**
 * Wraps a record store and counts the audit records it hands out (walk, findBySequence,
 * lastRecord): how much of the chain a use case read, independent of timing.
 */
export function countingReads(inner: AuditRecordStore): { store: AuditRecordStore; read: () => number } {
  let read = 0;
  const counted = async function* (records: AsyncIterable<AuditRecord>) {
    for await (const record of records) {
      read += 1;
      yield record;
    }
  };
  const one = (record: AuditRecord | undefined) => {
    if (record) read += 1;
    return record;
  };
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'walk') return (from: number, to?: number) => counted(target.walk(from, to));
      if (property === 'findBySequence') return async (sequence: number) => one(await target.findBySequence(sequence));
      if (property === 'lastRecord') return async () => one(await target.lastRecord());
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, read: () => read };
}
