import { DomainError } from '@qilbee/kernel';
import { SECURITY_EVENT_TYPES } from '@qilbee/contracts';
import { decodeCursor, encodeCursor, parseAuditQuery, type AuditQueryInput } from './auditQuery';

function violationFields(input: AuditQueryInput): string[] {
  try {
    parseAuditQuery(input);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('invalid_argument');
    return error.violations.map((v) => v.field);
  }
}

describe('audit query parameters', () => {
  it('limit defaults to 100 and is capped at 1000', () => {
    expect(parseAuditQuery({}).limit).toBe(100);
    expect(parseAuditQuery({ limit: 5000 }).limit).toBe(1000);
    expect(parseAuditQuery({ limit: 7 }).limit).toBe(7);
  });

  it('every event type the platform emits is filterable, and QilbeeDB-only names are known too', () => {
    for (const type of [...SECURITY_EVENT_TYPES, 'access_granted']) expect(parseAuditQuery({ event_type: type }).equals.event_type).toBe(type);
  });

  it('unknown event_type and result values are invalid arguments naming each field', () => {
    expect(violationFields({ event_type: 'coffee_brewed', result: 'maybe', start_time: 'yesterday', cursor: '!!' })).toEqual([
      'event_type',
      'result',
      'start_time',
      'cursor',
    ]);
  });

  it('empty strings mean no filter, and times are normalised', () => {
    const query = parseAuditQuery({ event_type: '', username: 'alice', start_time: '2026-01-01T01:00:00+01:00' });
    expect(query.equals).toEqual({ username: 'alice' });
    expect(query.startTime).toBe('2026-01-01T00:00:00.000Z');
  });

  it('the cursor round-trips and rejects anything it did not issue', () => {
    const cursor = { timestamp: '2026-01-01T00:00:00.000Z', sequence: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(Buffer.from('["not a time",1]').toString('base64url'))).toBeUndefined();
    expect(decodeCursor('garbage')).toBeUndefined();
  });
});
