/** RFC 3339 date-time: full date, `T`, time with optional fraction, `Z` or a numeric offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp into the one format every stored time uses
 * (`new Date(ms).toISOString()`), so comparing strings compares instants. Undefined if invalid.
 */
export function normalizeTimestamp(value: string): string | undefined {
  if (!RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  // Years past 9999 render with a sign and break the fixed-width string order.
  return iso.length === 24 ? iso : undefined;
}
