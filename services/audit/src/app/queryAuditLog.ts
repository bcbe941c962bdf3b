import { DomainError, type FieldViolation } from '@qilbee/kernel';
import type { AuditRecord } from '../domain/auditRecord';
import { encodeCursor, parseAuditQuery, parseTimeBound, type AuditQueryInput } from '../domain/auditQuery';
import type { AuditRecordStore, TypeResultCount } from './ports';

export interface AuditPage {
  events: AuditRecord[];
  limit: number;
  /** Empty when this is the last page. */
  next_cursor: string;
}

/** One page of the audit log, newest first; the cursor continues exactly after its last entry. */
export async function queryAuditLog(records: AuditRecordStore, input: AuditQueryInput): Promise<AuditPage> {
  const query = parseAuditQuery(input);
  const found = await records.query(query);
  const events = found.slice(0, query.limit);
  const last = events[events.length - 1];
  const next_cursor = found.length > query.limit && last ? encodeCursor({ timestamp: last.timestamp, sequence: last.sequence }) : '';
  return { events, limit: query.limit, next_cursor };
}

export interface AuditStats {
  buckets: TypeResultCount[];
  total: number;
}

/** Counts by event type and result over a timestamp window, for dashboards. */
export async function auditStats(records: AuditRecordStore, input: { start_time?: string; end_time?: string }): Promise<AuditStats> {
  const violations: FieldViolation[] = [];
  const start = parseTimeBound('start_time', input.start_time, violations);
  const end = parseTimeBound('end_time', input.end_time, violations);
  if (violations.length > 0) throw new DomainError('invalid_argument', 'start_time/end_time must be RFC 3339', 'invalid_range', violations);
  const buckets = (await records.countByTypeAndResult(start, end)).sort(
    (a, b) => a.event_type.localeCompare(b.event_type) || a.result.localeCompare(b.result),
  );
  return { buckets, total: buckets.reduce((sum, bucket) => sum + bucket.count, 0) };
}
