import { AUDIT_RESULTS, CLOUD_EVENT_TYPE_PREFIX, isSecurityEventType, type AuditFields, type AuditResult } from '@qilbee/contracts';
import { normalizeTimestamp } from './timestamps';

/** Why a record cannot be audited; it goes to the dead-letter topic with this reason. */
export type RejectionReason =
  | 'empty_value'
  | 'invalid_json'
  | 'not_an_object'
  | 'unsupported_specversion'
  | 'missing_id'
  | 'invalid_type'
  | 'unknown_event_type'
  | 'reserved_event_type'
  | 'missing_data'
  | 'event_id_mismatch'
  | 'event_type_mismatch'
  | 'invalid_field';

export type ParseOutcome =
  | { kind: 'event'; event: AuditFields }
  | { kind: 'rejected'; reason: RejectionReason; detail: string };

const MAX_ID_LENGTH = 200;
/** Facts only the audit service records in its own chain: one arriving on Kafka is forged. */
const WRITTEN_BY_AUDIT_ONLY: ReadonlySet<string> = new Set(['audit_retention_applied']);
const NULLABLE_STRINGS = ['user_id', 'username', 'resource', 'ip_address', 'user_agent'] as const;

function reject(reason: RejectionReason, detail: string): ParseOutcome {
  return { kind: 'rejected', reason, detail };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys a document store refuses or reinterprets (`$op`, dotted paths) would stall the writer. */
function firstUnstorableKey(value: unknown, depth = 0): string | undefined {
  if (depth > 20) return '<nesting deeper than 20>';
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = firstUnstorableKey(item, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key.includes('\u0000') || key === '') return key || '<empty key>';
    const bad = firstUnstorableKey(inner, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

function parseJson(raw: string | null): unknown {
  if (raw === null || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Reads one Kafka record value as a security CloudEvent (api-contract.md section 6), strictly:
 * CloudEvents 1.0, `type` io.qilbee.security.<known event_type>, `data` with every audit field and
 * `data.event_id` equal to `id`. Timestamps are normalised to one RFC 3339 format so that string
 * order is time order. Never throws: anything else is a rejection with its reason.
 */
export function parseSecurityEvent(raw: string | null): ParseOutcome {
  if (raw === null || raw.length === 0) return reject('empty_value', 'record has no value');
  const envelope = parseJson(raw);
  if (envelope === undefined) return reject('invalid_json', 'value is not JSON');
  if (!isObject(envelope)) return reject('not_an_object', 'value is not a JSON object');
  if (envelope.specversion !== '1.0') return reject('unsupported_specversion', 'specversion must be "1.0"');
  const id = envelope.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return reject('missing_id', 'id must be a non-empty string');
  const type = envelope.type;
  if (typeof type !== 'string' || !type.startsWith(CLOUD_EVENT_TYPE_PREFIX)) return reject('invalid_type', `type must start with ${CLOUD_EVENT_TYPE_PREFIX}`);
  const eventType = type.slice(CLOUD_EVENT_TYPE_PREFIX.length);
  if (!isSecurityEventType(eventType)) return reject('unknown_event_type', `unknown event type ${eventType.slice(0, 100)}`);
  if (WRITTEN_BY_AUDIT_ONLY.has(eventType)) return reject('reserved_event_type', `${eventType} is recorded by the audit service itself, never taken from Kafka`);
  if (typeof envelope.source !== 'string' || envelope.source.length === 0) return reject('invalid_field', 'source must be a non-empty string');
  const data = envelope.data;
  if (!isObject(data)) return reject('missing_data', 'data must be an object');
  if (data.event_id !== id) return reject('event_id_mismatch', 'data.event_id must equal id');
  if (data.event_type !== eventType) return reject('event_type_mismatch', 'data.event_type must match type');
  return parseData(id, eventType, data);
}

function parseData(id: string, eventType: AuditFields['event_type'], data: Record<string, unknown>): ParseOutcome {
  const timestamp = typeof data.timestamp === 'string' ? normalizeTimestamp(data.timestamp) : undefined;
  if (timestamp === undefined) return reject('invalid_field', 'data.timestamp must be RFC 3339');
  if (typeof data.action !== 'string' || data.action.length === 0) return reject('invalid_field', 'data.action must be a non-empty string');
  if (!(AUDIT_RESULTS as readonly unknown[]).includes(data.result)) return reject('invalid_field', `data.result must be one of ${AUDIT_RESULTS.join(', ')}`);
  for (const name of NULLABLE_STRINGS) {
    const value = data[name];
    if (value !== undefined && value !== null && typeof value !== 'string') return reject('invalid_field', `data.${name} must be a string or null`);
  }
  const metadata = data.metadata ?? {};
  if (!isObject(metadata)) return reject('invalid_field', 'data.metadata must be an object');
  const badKey = firstUnstorableKey(metadata);
  if (badKey !== undefined) return reject('invalid_field', `data.metadata has an unstorable key ${JSON.stringify(badKey.slice(0, 50))}`);
  const text = (name: (typeof NULLABLE_STRINGS)[number]) => (typeof data[name] === 'string' ? (data[name] as string) : null);
  return {
    kind: 'event',
    event: {
      event_id: id,
      event_type: eventType,
      timestamp,
      user_id: text('user_id'),
      username: text('username'),
      action: data.action,
      resource: text('resource'),
      result: data.result as AuditResult,
      ip_address: text('ip_address'),
      user_agent: text('user_agent'),
      metadata,
    },
  };
}
