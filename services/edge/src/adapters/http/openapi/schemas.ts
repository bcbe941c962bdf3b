/** JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of every body the edge reads or writes. */
type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const time: Schema = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), additional = false): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: additional,
});
const role: Schema = { anyOf: [{ type: 'string', maxLength: 64 }, obj({ Custom: { type: 'string', maxLength: 64 } })] };
const endpointType: Schema = {
  anyOf: [{ type: 'string', enum: ['Login', 'ApiKeyCreation', 'UserManagement', 'GeneralApi'] }, obj({ Custom: { type: 'string', pattern: '^/' } })],
};

const lockoutStatus = obj({
  locked: bool,
  failed_attempts: int,
  remaining_attempts: int,
  lockout_expires: nullable(time),
  lockout_remaining_seconds: nullable(int),
  lockout_count: int,
  lockout_reason: nullable(str),
});

const policy = obj(
  {
    id: str,
    name: str,
    endpoint_type: endpointType,
    max_requests: int,
    window_secs: int,
    enabled: bool,
    created_at: str,
    updated_at: str,
    overrides: { type: 'object', additionalProperties: int },
    fail_open: bool,
  },
  ['id', 'name', 'endpoint_type', 'max_requests', 'window_secs', 'enabled', 'created_at', 'updated_at'],
);

const apiKey = obj(
  { id: str, prefix: str, name: str, created_at: str, expires_at: nullable(str), last_used: nullable(str), is_active: bool, permissions: { type: 'array', items: str }, user_id: str, status: str },
  ['id', 'prefix', 'name', 'created_at', 'expires_at', 'last_used', 'is_active'],
);

export const SCHEMAS: Record<string, Schema> = {
  Problem: obj(
    {
      type: str,
      title: str,
      status: { type: 'integer' },
      detail: str,
      code: { type: 'string', description: 'Stable machine code (e.g. validation_failed, weak_password, invalid_current_password).' },
      error: { type: 'string', description: 'QilbeeDB-compatible human message.' },
      violations: { type: 'array', items: str, description: 'Password policy rule ids (weak_password).' },
      errors: { type: 'array', items: obj({ field: str, message: str }), description: 'Every failed field (validation_failed).' },
    },
    ['type', 'title', 'status', 'detail', 'code', 'error'],
    true,
  ),
  RateLimited: {
    allOf: [ref('Problem'), obj({ error: { const: 'Too Many Requests' }, message: str, limit: int, remaining: int, reset_in_seconds: int }, ['error', 'message', 'limit', 'remaining', 'reset_in_seconds'], true)],
  },
  LoginFailed: {
    allOf: [ref('Problem'), obj({ failed_attempts: int, remaining_attempts: int, locked: bool, lockout_expires: nullable(time), lockout_remaining_seconds: nullable(int) }, ['failed_attempts', 'remaining_attempts'], true)],
  },
  AccountLocked: {
    allOf: [ref('Problem'), obj({ locked: { const: true }, lockout_expires: nullable(time), lockout_remaining_seconds: nullable(int), lockout_reason: nullable(str) }, ['locked', 'lockout_expires', 'lockout_remaining_seconds', 'lockout_reason'], true)],
  },
  Success: obj({ success: bool, message: str }, ['success']),
  LoginRequest: obj({ username: { type: 'string', maxLength: 256 }, password: { type: 'string', maxLength: 1024 } }),
  TokenPair: obj({ access_token: str, token_type: { const: 'Bearer' }, expires_in: int, refresh_token: str, refresh_expires_in: int, username: str, user_id: str }),
  RefreshRequest: obj({ refresh_token: str }),
  RevokeRequest: obj({ token: str }),
  RevokeResult: obj({ success: bool, message: str, jti: str }),
  RevokeAllRequest: obj({ user_id: { type: 'string', format: 'uuid' }, reason: { type: 'string', maxLength: 256 } }, ['user_id']),
  RevokeAllResult: obj({ success: bool, message: str, user_id: str, previously_revoked_count: int }),
  Jwks: obj({ keys: { type: 'array', items: { type: 'object' } } }, ['keys'], true),
  CreateApiKeyRequest: obj(
    { name: { type: 'string', maxLength: 128 }, expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 }, permissions: { type: 'array', items: str } },
    ['name'],
  ),
  RotateApiKeyRequest: obj(
    { current_key: str, new_name: { type: 'string', maxLength: 128 }, expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 }, grace_period_seconds: { type: 'integer', minimum: 0 } },
    ['current_key'],
  ),
  CreatedApiKey: obj(
    { key: { type: 'string', description: 'The secret, shown exactly once.' }, id: str, prefix: str, name: str, created_at: str, expires_at: nullable(str), permissions: { type: 'array', items: str } },
    ['key', 'id', 'prefix', 'name', 'created_at', 'expires_at'],
  ),
  ApiKey: apiKey,
  ApiKeyList: obj({ keys: { type: 'array', items: ref('ApiKey') }, api_keys: { type: 'array', items: ref('ApiKey') } }),
  User: obj({ id: str, username: str, email: str, roles: { type: 'array', items: str }, is_active: bool, created_at: str, updated_at: str, last_login: nullable(str) }),
  UserList: obj({ users: { type: 'array', items: ref('User') }, next_cursor: nullable(str) }),
  CreateUserRequest: obj(
    { username: { type: 'string', maxLength: 64 }, email: { type: 'string', format: 'email' }, password: str, roles: { type: 'array', items: role } },
    ['username', 'password'],
  ),
  UpdateUserRequest: obj({ email: { type: 'string', format: 'email' }, password: str, current_password: str, is_active: bool, roles: { type: 'array', items: role } }, []),
  RolesRequest: obj({ roles: { type: 'array', items: role } }),
  Role: obj({ name: str, permissions: { type: 'array', items: str }, built_in: bool }),
  RoleList: obj({ roles: { type: 'array', items: ref('Role') } }),
  DefineRoleRequest: obj({ permissions: { type: 'array', items: str, minItems: 1, maxItems: 64 } }),
  LockoutStatus: lockoutStatus,
  LockoutList: obj({ locked_users: { type: 'array', items: { type: 'array', prefixItems: [str, ref('LockoutStatus')], minItems: 2, maxItems: 2 } }, count: int }),
  LockoutEntry: obj({ username: str, status: ref('LockoutStatus') }),
  LockRequest: obj({ reason: { type: 'string', maxLength: 512 } }, []),
  LockResult: obj({ success: bool, message: str, status: ref('LockoutStatus') }),
  Policy: policy,
  PolicyList: obj({ policies: { type: 'array', items: ref('Policy') } }),
  CreatePolicyRequest: obj(
    { name: str, endpoint_type: endpointType, max_requests: { type: 'integer', minimum: 1 }, window_secs: { type: 'integer', minimum: 1 }, enabled: bool, overrides: { type: 'object', additionalProperties: int }, fail_open: bool },
    ['name', 'endpoint_type', 'max_requests', 'window_secs'],
  ),
  UpdatePolicyRequest: obj(
    { name: str, endpoint_type: endpointType, max_requests: { type: 'integer', minimum: 1 }, window_secs: { type: 'integer', minimum: 1 }, enabled: bool, overrides: { type: 'object', additionalProperties: int }, fail_open: bool },
    [],
  ),
  AuditEvent: obj(
    {
      event_id: str,
      event_type: str,
      timestamp: time,
      user_id: nullable(str),
      username: nullable(str),
      action: str,
      resource: nullable(str),
      result: { type: 'string', enum: ['success', 'failure', 'unauthorized', 'forbidden', 'error'] },
      ip_address: nullable(str),
      user_agent: nullable(str),
      metadata: { type: 'object' },
      transaction_time: str,
      sequence: int,
      hash: str,
    },
    ['event_id', 'event_type', 'timestamp', 'user_id', 'username', 'action', 'resource', 'result', 'ip_address', 'user_agent', 'metadata', 'transaction_time'],
  ),
  AuditPage: obj({ events: { type: 'array', items: ref('AuditEvent') }, count: int, limit: int, next_cursor: nullable(str) }),
  VerifyResult: obj({ ok: bool, checked: int, first_broken: nullable(obj({ event_id: str, sequence: int, reason: str })), from: nullable(str), to: nullable(str) }),
  Health: obj({ status: { const: 'healthy' }, version: str, uptime_seconds: int }),
  Ready: obj({ status: { type: 'string', enum: ['ready', 'degraded', 'not_ready'] }, checks: { type: 'object', additionalProperties: str } }),
};
