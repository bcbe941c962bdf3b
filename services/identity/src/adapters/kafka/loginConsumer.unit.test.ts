import { readConfig } from '../../config';
import { loginsStartFrom } from './loginConsumer';

const NOW = Date.UTC(2026, 0, 10);

describe('where a new logins group starts', () => {
  it('given no setting, then a day before now; given a lookback, then that long before now', () => {
    expect(loginsStartFrom(readConfig({}), NOW)).toEqual({ timestamp: NOW - 86_400_000 });
    expect(loginsStartFrom(readConfig({ LOGINS_LOOKBACK_SECONDS: '3600' }), NOW)).toEqual({ timestamp: NOW - 3_600_000 });
  });

  it('given a start, then that start (earliest rebuilds last_login from every login still kept)', () => {
    expect(loginsStartFrom(readConfig({ LOGINS_CONSUME_FROM: 'earliest' }), NOW)).toBe('earliest');
    expect(loginsStartFrom(readConfig({ LOGINS_CONSUME_FROM: '2026-01-09T12:00:00+00:00' }), NOW)).toEqual({ timestamp: Date.UTC(2026, 0, 9, 12) });
    expect(() => readConfig({ LOGINS_CONSUME_FROM: 'now' })).toThrow(/LOGINS_CONSUME_FROM/);
  });
});
