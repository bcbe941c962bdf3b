import { auditEvent, cloudEventValue } from '../testing/fixtures';
import { parseSecurityEvent } from './parseSecurityEvent';

function envelope(): Record<string, unknown> & { data: Record<string, unknown> } {
  return JSON.parse(cloudEventValue(auditEvent(1)));
}

function rejection(value: unknown): string | undefined {
  const outcome = parseSecurityEvent(typeof value === 'string' ? value : JSON.stringify(value));
  return outcome.kind === 'rejected' ? outcome.reason : undefined;
}

describe('parsing a security CloudEvent', () => {
  it('given a well-formed event, then the audit fields come out unchanged', () => {
    const event = auditEvent(3, { metadata: { key_id: 'k1', nested: { a: [1, 2] } } });
    expect(parseSecurityEvent(cloudEventValue(event))).toEqual({ kind: 'event', event });
  });

  it('given a timestamp with an offset, then it is normalised to the one stored format', () => {
    const value = envelope();
    value.data.timestamp = '2026-03-01T10:00:00+02:00';
    const outcome = parseSecurityEvent(JSON.stringify(value));
    expect(outcome.kind === 'event' && outcome.event.timestamp).toBe('2026-03-01T08:00:00.000Z');
  });

  it.each([
    ['empty value', '', 'empty_value'],
    ['not JSON', '{oops', 'invalid_json'],
    ['an array', '[1]', 'not_an_object'],
  ])('given %s, then it is rejected', (_name, raw, reason) => {
    expect(rejection(raw)).toBe(reason);
  });

  it.each<[string, (v: ReturnType<typeof envelope>) => void, string]>([
    ['specversion 0.3', (v) => (v.specversion = '0.3'), 'unsupported_specversion'],
    ['no id', (v) => delete v.id, 'missing_id'],
    ['a foreign type', (v) => (v.type = 'com.example.thing'), 'invalid_type'],
    ['an unknown event type', (v) => (v.type = 'io.qilbee.security.coffee_brewed'), 'unknown_event_type'],
    ['a retention record arriving from Kafka (only audit writes those)', (v) => ((v.type = 'io.qilbee.security.audit_retention_applied'), (v.data.event_type = 'audit_retention_applied')), 'reserved_event_type'],
    ['no data', (v) => delete (v as Record<string, unknown>).data, 'missing_data'],
    ['data.event_id differing from id', (v) => (v.data.event_id = 'other'), 'event_id_mismatch'],
    ['data.event_type differing from type', (v) => (v.data.event_type = 'logout'), 'event_type_mismatch'],
    ['an unknown result', (v) => (v.data.result = 'maybe'), 'invalid_field'],
    ['a bad timestamp', (v) => (v.data.timestamp = 'yesterday'), 'invalid_field'],
    ['a missing action', (v) => delete v.data.action, 'invalid_field'],
    ['a numeric username', (v) => (v.data.username = 42), 'invalid_field'],
    ['metadata that is a list', (v) => (v.data.metadata = [1]), 'invalid_field'],
    ['a metadata key the store would misread', (v) => (v.data.metadata = { a: { $where: 1 } }), 'invalid_field'],
    ['a dotted metadata key', (v) => (v.data.metadata = { 'a.b': 1 }), 'invalid_field'],
    ['no source', (v) => delete v.source, 'invalid_field'],
  ])('given %s, then it is rejected with its reason', (_name, spoil, reason) => {
    const value = envelope();
    spoil(value);
    expect(rejection(value)).toBe(reason);
  });
});
