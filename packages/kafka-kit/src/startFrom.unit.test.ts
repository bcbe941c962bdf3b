import { describeStartFrom, lookback, parseStartFrom } from './startFrom';

describe('parseStartFrom', () => {
  it('accepts earliest, latest and an ISO-8601 date-time with a zone', () => {
    expect(parseStartFrom('earliest')).toBe('earliest');
    expect(parseStartFrom(' latest ')).toBe('latest');
    expect(parseStartFrom('2025-01-31T12:00:00Z')).toEqual({ timestamp: Date.UTC(2025, 0, 31, 12) });
    expect(parseStartFrom('2025-01-31T14:00:00.500+02:00')).toEqual({ timestamp: Date.UTC(2025, 0, 31, 12, 0, 0, 500) });
  });

  it('rejects anything else, including a date-time without a zone (its meaning would depend on the host)', () => {
    for (const text of ['', 'beginning', '2025-01-31', '2025-01-31T12:00:00', '1738324800000', '2025-13-45T99:00:00Z']) {
      expect(parseStartFrom(text)).toBeUndefined();
    }
  });

  it('describes a start for logs, and a lookback is a timestamp start before now', () => {
    expect(describeStartFrom({ timestamp: Date.UTC(2025, 0, 31, 12) })).toBe('2025-01-31T12:00:00.000Z');
    expect(describeStartFrom('latest')).toBe('latest');
    expect(lookback(10_000, 4_000)).toEqual({ timestamp: 6_000 });
  });
});
