import type { AuditRecord } from '../../domain/auditRecord';

/** A stored record: the event id is the document id, so each event is stored once. */
export type AuditDocument = AuditRecord & { _id: string };

export const AUDIT_EVENTS = 'audit_events';
export const AUDIT_CHECKPOINTS = 'audit_checkpoints';
export const AUDIT_ANCHORS = 'audit_anchors';
export const AUDIT_RECEIPTS = 'audit_verification_receipts';

export function toDocument(record: AuditRecord): AuditDocument {
  return { _id: record.event_id, ...record };
}

/** Reads a document back as a record with exactly the record's members (no `_id`). */
export function toRecord(document: AuditDocument): AuditRecord {
  return {
    event_id: document.event_id,
    event_type: document.event_type,
    timestamp: document.timestamp,
    user_id: document.user_id ?? null,
    username: document.username ?? null,
    action: document.action,
    resource: document.resource ?? null,
    result: document.result,
    ip_address: document.ip_address ?? null,
    user_agent: document.user_agent ?? null,
    metadata: document.metadata ?? {},
    transaction_time: document.transaction_time,
    sequence: document.sequence,
    prev_hash: document.prev_hash,
    hash: document.hash,
  };
}
