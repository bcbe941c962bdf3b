/** The outcome of a security-relevant action, as SIEM rules filter on it. */
export const AUDIT_RESULTS = ['success', 'failure', 'unauthorized', 'forbidden', 'error'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Every public event type, snake_case (api-contract.md section 6). */
export const SECURITY_EVENT_TYPES = [
  'login',
  'login_failed',
  'logout',
  'token_refresh',
  'token_refresh_reuse_detected',
  'token_revoked',
  'all_tokens_revoked',
  'account_locked',
  'account_unlocked',
  'account_lockout_triggered',
  'signing_key_rotated',
  'api_key_created',
  'api_key_rotated',
  'api_key_revoked',
  'api_key_expired',
  'user_created',
  'user_updated',
  'user_deleted',
  'user_password_changed',
  'role_assigned',
  'role_defined',
  'role_deleted',
  'permission_denied',
  'authentication_failed',
  'https_required',
  'rate_limit_exceeded',
  'rate_limit_policy_created',
  'rate_limit_policy_updated',
  'rate_limit_policy_deleted',
  'audit_retention_applied',
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export function isSecurityEventType(value: string): value is SecurityEventType {
  return (SECURITY_EVENT_TYPES as readonly string[]).includes(value);
}

/**
 * The audit entry fields carried as CloudEvents `data`. `user_id`/`username` name the actor and
 * `resource` the target (`user:<id>`, `api_key:<id>`, `jti:<jti>`, a path). Never a secret.
 */
export interface AuditFields {
  event_id: string;
  event_type: SecurityEventType;
  timestamp: string;
  user_id: string | null;
  username: string | null;
  action: string;
  resource: string | null;
  result: AuditResult;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
}

/**
 * QilbeeDB's own audit event types that this platform never emits. SDK users and old SIEM queries
 * may still filter on them (e.g. `access_granted`): they are known names, so such a query answers
 * an empty page, not a 400.
 */
export const QILBEEDB_ONLY_EVENT_TYPES = [
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

/** Every event type an audit query may filter on: ours plus QilbeeDB's. */
export const QUERYABLE_EVENT_TYPES: ReadonlySet<string> = new Set<string>([...SECURITY_EVENT_TYPES, ...QILBEEDB_ONLY_EVENT_TYPES]);
