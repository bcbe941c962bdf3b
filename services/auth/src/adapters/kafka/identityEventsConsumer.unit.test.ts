import { readConfig } from '../../config';
import { identityEventsStartFrom } from './identityEventsConsumer';

const NOW = Date.UTC(2026, 0, 10);

describe('where a new identity-events group starts', () => {
  it('given no setting, then the refresh-token TTL plus the clock skew before now', () => {
    const config = readConfig({ REFRESH_TOKEN_TTL_SECONDS: '604800', CLOCK_SKEW_SECONDS: '10' });
    expect(identityEventsStartFrom(config, NOW)).toEqual({ timestamp: NOW - (604_800 + 10) * 1000 });
  });

  it('given a lookback, then that long before now; given a start, then that start', () => {
    expect(identityEventsStartFrom(readConfig({ AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS: '900' }), NOW)).toEqual({ timestamp: NOW - 900_000 });
    expect(identityEventsStartFrom(readConfig({ AUTH_IDENTITY_EVENTS_CONSUME_FROM: 'earliest', AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS: '900' }), NOW)).toBe('earliest');
    expect(identityEventsStartFrom(readConfig({ AUTH_IDENTITY_EVENTS_CONSUME_FROM: '2026-01-09T00:00:00Z' }), NOW)).toEqual({ timestamp: Date.UTC(2026, 0, 9) });
  });

  it('given a start that is neither earliest, latest nor a zoned ISO-8601 time, then start-up fails naming it', () => {
    expect(() => readConfig({ AUTH_IDENTITY_EVENTS_CONSUME_FROM: 'yesterday' })).toThrow(/AUTH_IDENTITY_EVENTS_CONSUME_FROM: must be earliest, latest or an ISO-8601/);
  });
});
