import type { AuditFields } from '@qilbee/contracts';

/**
 * A stored audit entry: the QilbeeDB entry shape (the public event's `data`), when it was stored,
 * and its place in the hash chain. Records are append-only; only retention removes them.
 */
export interface AuditRecord extends AuditFields {
  /** When the audit service stored it (RFC 3339 UTC); `timestamp` is when it happened. */
  transaction_time: string;
  /** Position in the one chain, 1, 2, 3... without gaps. */
  sequence: number;
  /** The previous record's hash (or the retention anchor's, or GENESIS_HASH for sequence 1). */
  prev_hash: string;
  /** SHA-256 (hex) of the canonical form of every other member. */
  hash: string;
}

/** The end of the chain a new record links to. */
export interface ChainLink {
  sequence: number;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS_LINK: ChainLink = { sequence: 0, hash: GENESIS_HASH };

/** The members of a record, in the order they are listed to readers (hash order is canonical). */
export const AUDIT_FIELD_NAMES = [
  'event_id',
  'event_type',
  'timestamp',
  'user_id',
  'username',
  'action',
  'resource',
  'result',
  'ip_address',
  'user_agent',
  'metadata',
] as const;

/** Copies only the audit fields, so extra members (a store's `_id`) never reach the hash. */
export function auditFieldsOf(source: AuditFields): AuditFields {
  return {
    event_id: source.event_id,
    event_type: source.event_type,
    timestamp: source.timestamp,
    user_id: source.user_id,
    username: source.username,
    action: source.action,
    resource: source.resource,
    result: source.result,
    ip_address: source.ip_address,
    user_agent: source.user_agent,
    metadata: source.metadata,
  };
}
