import { SECURITY_EVENT_TYPES } from '@qilbee/contracts';

/**
 * QilbeeDB's own audit event types that this platform never emits. A QilbeeDB SDK user may still
 * filter on them (e.g. `access_granted`); they are known names, so the answer is an empty page,
 * not a 400.
 */
const QILBEEDB_ONLY_EVENT_TYPES = [
  'token_refresh_failed',
  'api_key_used',
  'api_key_validation_failed',
  'role_removed',
  'access_granted',
  'system_startup',
  'system_shutdown',
  'configuration_changed',
  'memory_consolidated',
  'memory_forgotten',
  'memory_cleared',
] as const;

/** Every event type a query may filter on: ours plus QilbeeDB's. */
export const QUERYABLE_EVENT_TYPES: ReadonlySet<string> = new Set<string>([...SECURITY_EVENT_TYPES, ...QILBEEDB_ONLY_EVENT_TYPES]);
