import { createHash } from 'node:crypto';
import type { AuditFields } from '@qilbee/contracts';
import { auditFieldsOf, type AuditRecord, type ChainLink } from './auditRecord';
import { canonicalJson } from './canonicalJson';

/** The hash of a record: SHA-256 over the canonical JSON of every member except `hash` itself. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  const hashed = {
    ...auditFieldsOf(record),
    transaction_time: record.transaction_time,
    sequence: record.sequence,
    prev_hash: record.prev_hash,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * Extends the chain from `tail` with `events`, in the order given, all stamped with one storage
 * time. Pure: the same inputs always give the same records, which is what makes a redelivered
 * chunk chain identically.
 */
export function chainRecords(events: readonly AuditFields[], tail: ChainLink, transactionTime: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  let previous = tail;
  for (const event of events) {
    const unsigned = {
      ...auditFieldsOf(event),
      transaction_time: transactionTime,
      sequence: previous.sequence + 1,
      prev_hash: previous.hash,
    };
    const record: AuditRecord = { ...unsigned, hash: hashRecord(unsigned) };
    records.push(record);
    previous = record;
  }
  return records;
}

export function linkOf(record: AuditRecord): ChainLink {
  return { sequence: record.sequence, hash: record.hash };
}
