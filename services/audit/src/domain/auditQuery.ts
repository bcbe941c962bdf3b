import { AUDIT_RESULTS } from '@qilbee/contracts';
import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { QUERYABLE_EVENT_TYPES } from './queryableEventTypes';
import { normalizeTimestamp } from './timestamps';

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 1000;

/** A query as callers send it: empty strings mean "no filter" (proto3 defaults). */
export interface AuditQueryInput {
  event_type?: string;
  user_id?: string;
  username?: string;
  action?: string;
  result?: string;
  ip_address?: string;
  start_time?: string;
  end_time?: string;
  limit?: number;
  cursor?: string;
}

/** Where the previous page ended: newest first by timestamp, ties by sequence. */
export interface PageCursor {
  timestamp: string;
  sequence: number;
}

export interface AuditQuery {
  equals: Partial<Record<'event_type' | 'user_id' | 'username' | 'action' | 'result' | 'ip_address', string>>;
  startTime?: string;
  endTime?: string;
  limit: number;
  after?: PageCursor;
}

/** The cursor is opaque to clients: base64url of the last entry's timestamp and sequence. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.timestamp, cursor.sequence]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): PageCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [timestamp, sequence] = decoded as unknown[];
    if (typeof timestamp !== 'string' || normalizeTimestamp(timestamp) !== timestamp) return undefined;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) return undefined;
    return { timestamp, sequence };
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Parses an optional RFC 3339 bound, naming the field when it is not one. */
export function parseTimeBound(field: string, value: string | undefined, violations: FieldViolation[]): string | undefined {
  const given = nonEmpty(value);
  if (given === undefined) return undefined;
  const normalized = normalizeTimestamp(given);
  if (normalized === undefined) violations.push({ field, message: `${field} must be an RFC 3339 timestamp` });
  return normalized;
}

/**
 * Validates a query: unknown event_type or result values, bad times and bad cursors are
 * invalid-argument errors naming every failed field (never silently ignored). The limit defaults
 * to 100 and is capped at 1000.
 */
export function parseAuditQuery(input: AuditQueryInput): AuditQuery {
  const violations: FieldViolation[] = [];
  const equals: AuditQuery['equals'] = {};
  for (const field of ['event_type', 'user_id', 'username', 'action', 'result', 'ip_address'] as const) {
    const value = nonEmpty(input[field]);
    if (value !== undefined) equals[field] = value;
  }
  if (equals.event_type !== undefined && !QUERYABLE_EVENT_TYPES.has(equals.event_type)) {
    violations.push({ field: 'event_type', message: `unknown event_type ${JSON.stringify(equals.event_type.slice(0, 64))}` });
  }
  if (equals.result !== undefined && !(AUDIT_RESULTS as readonly string[]).includes(equals.result)) {
    violations.push({ field: 'result', message: `result must be one of ${AUDIT_RESULTS.join(', ')}` });
  }
  const startTime = parseTimeBound('start_time', input.start_time, violations);
  const endTime = parseTimeBound('end_time', input.end_time, violations);
  const cursorText = nonEmpty(input.cursor);
  const after = cursorText === undefined ? undefined : decodeCursor(cursorText);
  if (cursorText !== undefined && after === undefined) violations.push({ field: 'cursor', message: 'cursor is not one this service issued' });
  const requested = input.limit ?? 0;
  if (!Number.isInteger(requested) || requested < 0) violations.push({ field: 'limit', message: 'limit must be a positive integer' });
  if (violations.length > 0) {
    throw new DomainError('invalid_argument', violations.map((v) => v.message).join('; '), 'invalid_query', violations);
  }
  const limit = requested === 0 ? DEFAULT_QUERY_LIMIT : Math.min(requested, MAX_QUERY_LIMIT);
  return { equals, startTime, endTime, limit, after };
}
