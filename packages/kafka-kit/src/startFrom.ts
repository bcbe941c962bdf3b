/**
 * Where a consumer group that has never committed an offset starts reading: the oldest record
 * still kept, the end of each partition (only what is published from now on), or the first record
 * stored at or after a point in time (Kafka's record timestamp). A group that has committed
 * offsets always resumes from them, whatever this says.
 */
export type StartFrom = 'earliest' | 'latest' | { timestamp: number };

// ISO-8601 date-time with an explicit zone, e.g. 2025-01-31T12:00:00Z or 2025-01-31T12:00:00.5+02:00.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads a start position from configuration text: `earliest`, `latest`, or an ISO-8601 date-time
 * with a zone. Anything else is undefined, so a config schema can reject it with its own message.
 */
export function parseStartFrom(text: string): StartFrom | undefined {
  const value = text.trim();
  if (value === 'earliest' || value === 'latest') return value;
  if (!ISO_DATE_TIME.test(value)) return undefined;
  const timestamp = Date.parse(value);
  return Number.isNaN(timestamp) ? undefined : { timestamp };
}

/** `earliest`, `latest` or the ISO time: for logs and error messages. */
export function describeStartFrom(startFrom: StartFrom): string {
  return typeof startFrom === 'string' ? startFrom : new Date(startFrom.timestamp).toISOString();
}

/** A start `lookbackMs` before `nowMs`: what a consumer whose store already holds the past needs. */
export function lookback(nowMs: number, lookbackMs: number): StartFrom {
  return { timestamp: Math.max(0, nowMs - lookbackMs) };
}
