import type { auditV1, authV1, identityV1, ratelimitV1 } from '@qilbee/contracts';

/** The JSON shapes of QilbeeDB's security API, built from contract messages. Absent = null. */

export function userJson(user: identityV1.User | undefined) {
  if (!user) throw new Error('identity returned no user');
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    roles: user.roles,
    is_active: user.isActive,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_login: user.lastLogin ?? null,
  };
}

export function apiKeyJson(key: identityV1.ApiKey) {
  return {
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    created_at: key.createdAt,
    expires_at: key.expiresAt ?? null,
    last_used: key.lastUsed ?? null,
    is_active: key.isActive,
    permissions: key.permissions,
    user_id: key.userId,
    status: key.status,
  };
}

/** Create and rotate answer the same shape: the secret, returned exactly once. */
export function createdKeyJson(secret: string, key: identityV1.ApiKey | undefined) {
  if (!key) throw new Error('identity returned no key');
  return {
    key: secret,
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    created_at: key.createdAt,
    expires_at: key.expiresAt ?? null,
    permissions: key.permissions,
  };
}

/** `endpoint_type` as QilbeeDB (serde external tagging) spells it: a name or {"Custom": path}. */
export function endpointTypeJson(policy: ratelimitV1.Policy): string | { Custom: string } {
  return policy.endpointType === 'Custom' ? { Custom: policy.customPath } : policy.endpointType;
}

export function policyJson(policy: ratelimitV1.Policy | undefined) {
  if (!policy) throw new Error('rate-limit service returned no policy');
  return {
    id: policy.id,
    name: policy.name,
    endpoint_type: endpointTypeJson(policy),
    max_requests: policy.maxRequests,
    window_secs: policy.windowSecs,
    enabled: policy.enabled,
    created_at: policy.createdAt,
    updated_at: policy.updatedAt,
    overrides: policy.overrides,
    fail_open: policy.failOpen,
  };
}

export function lockoutJson(status: authV1.LockoutStatus | undefined) {
  const s = status ?? { locked: false, failedAttempts: 0, remainingAttempts: 5, lockoutRemainingSeconds: 0, lockoutCount: 0 };
  return {
    locked: s.locked,
    failed_attempts: s.failedAttempts,
    remaining_attempts: s.remainingAttempts,
    lockout_expires: s.lockoutExpires ?? null,
    // Only meaningful while locked with an expiry (QilbeeDB sends null otherwise).
    lockout_remaining_seconds: s.locked && s.lockoutExpires ? s.lockoutRemainingSeconds : null,
    lockout_count: s.lockoutCount,
    lockout_reason: s.lockoutReason ?? null,
  };
}

function parseMetadata(json: string): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function auditEventJson(event: auditV1.AuditEvent) {
  return {
    event_id: event.eventId,
    event_type: event.eventType,
    timestamp: event.timestamp,
    user_id: event.userId ?? null,
    username: event.username ?? null,
    action: event.action,
    resource: event.resource ?? null,
    result: event.result,
    ip_address: event.ipAddress ?? null,
    user_agent: event.userAgent ?? null,
    metadata: parseMetadata(event.metadataJson),
    transaction_time: event.transactionTime,
    sequence: event.sequence,
    hash: event.hash,
  };
}
