import { readConfig } from './config';

describe('AUDIT_CONSUME_FROM', () => {
  it('given nothing, then a new audit group reads every event still kept (earliest)', () => {
    expect(readConfig({}).AUDIT_CONSUME_FROM).toBe('earliest');
  });

  it('given latest or a zoned ISO-8601 time, then that start; anything else fails start-up naming it', () => {
    expect(readConfig({ AUDIT_CONSUME_FROM: 'latest' }).AUDIT_CONSUME_FROM).toBe('latest');
    expect(readConfig({ AUDIT_CONSUME_FROM: '2026-01-09T00:00:00.000Z' }).AUDIT_CONSUME_FROM).toEqual({ timestamp: Date.UTC(2026, 0, 9) });
    expect(() => readConfig({ AUDIT_CONSUME_FROM: '2026-01-09' })).toThrow(/AUDIT_CONSUME_FROM: must be earliest, latest or an ISO-8601/);
  });
});
