import type { AuditRecord } from '../domain/auditRecord';

/** One record as a JSON object in a fixed member order: the entry shape, then the chain members. */
export function recordToJson(record: AuditRecord): Record<string, unknown> {
  return {
    event_id: record.event_id,
    event_type: record.event_type,
    timestamp: record.timestamp,
    user_id: record.user_id,
    username: record.username,
    action: record.action,
    resource: record.resource,
    result: record.result,
    ip_address: record.ip_address,
    user_agent: record.user_agent,
    metadata: record.metadata,
    transaction_time: record.transaction_time,
    sequence: record.sequence,
    prev_hash: record.prev_hash,
    hash: record.hash,
  };
}

/** One NDJSON line (with its newline), as export and archives write them. */
export function recordToNdjsonLine(record: AuditRecord): string {
  return `${JSON.stringify(recordToJson(record))}\n`;
}
