import { PASSWORD_MIN_LENGTH, PASSWORD_POLICY_PATTERN } from './passwordPolicy';
import { ROLE_NAME_PATTERN } from '@qilbee/contracts';
import { BUILT_IN_ROLE_NAMES, PERMISSIONS } from '@qilbee/rbac';
import { jsonSchemaOf, portablePattern } from './fromZod';
import { CreateKeyBody, RotateKeyBody } from '../routes/apiKeyRoutes';
import { LoginBody, RefreshBody, RevokeAllBody, RevokeBody } from '../routes/authRoutes';
import { LockBody } from '../routes/lockoutRoutes';
import { CreatePolicyBody, UpdatePolicyBody } from '../routes/rateLimitRoutes';
import { DefineRoleBody } from '../routes/roleRoutes';
import { CreateUserBody, RolesBody, UpdateUserBody } from '../routes/userRoutes';

/**
 * JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12) of every body the edge reads or writes. Request
 * bodies come from the zod schemas the edge validates with (fromZod.ts), so they cannot drift.
 */
type Schema = Record<string, unknown>;

/**
 * Identity's password policy, stated on `password` where a new password is set: what a client
 * must send to be accepted (the blocklist and the no-username rule are described, not encoded).
 */
function withPasswordPolicy(schema: Schema): Schema {
  const properties = schema.properties as Record<string, Schema>;
  properties.password = {
    ...properties.password,
    minLength: PASSWORD_MIN_LENGTH,
    pattern: PASSWORD_POLICY_PATTERN,
    description: 'At least 12 characters with an upper-case and a lower-case letter, a digit and a special character; not a common password; not containing the username. A weak password is 400 weak_password with every failed rule in `violations`.',
  };
  return schema;
}

/** Permission names are the 34 QilbeeDB permissions (identity answers 400 unknown_permission otherwise). */
function withPermissionNames(schema: Schema): Schema {
  const properties = schema.properties as Record<string, Schema>;
  properties.permissions = { ...properties.permissions, items: { type: 'string', enum: [...PERMISSIONS] } };
  return schema;
}

/**
 * Roles: a built-in name, or a custom role defined with PUT /api/v1/roles/{name} (as a name or
 * QilbeeDB's {"Custom": name}); identity answers 400 unknown_role for a name it does not know. The
 * document lists the built-in names: custom ones exist only at run time.
 */
function withRoleNames(schema: Schema): Schema {
  const properties = schema.properties as Record<string, Schema>;
  const custom = { type: 'string', pattern: portablePattern(ROLE_NAME_PATTERN) };
  properties.roles = {
    ...properties.roles,
    items: { anyOf: [{ type: 'string', enum: [...BUILT_IN_ROLE_NAMES] }, { type: 'object', properties: { Custom: custom }, required: ['Custom'], additionalProperties: false }] },
    description: 'Built-in role names, or custom roles (defined with PUT /api/v1/roles/{name}) by name or as {"Custom": name}.',
  };
  return schema;
}

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
  /** A login refused with 429: the account is locked, or the client IP is over its login rate. */
  LoginRefused: { anyOf: [ref('AccountLocked'), ref('RateLimited')] },
  AccountLocked: {
    allOf: [ref('Problem'), obj({ locked: { const: true }, lockout_expires: nullable(time), lockout_remaining_seconds: nullable(int), lockout_reason: nullable(str) }, ['locked', 'lockout_expires', 'lockout_remaining_seconds', 'lockout_reason'], true)],
  },
  Success: obj({ success: bool, message: str }, ['success']),
  LoginRequest: jsonSchemaOf(LoginBody),
  TokenPair: obj({ access_token: str, token_type: { const: 'Bearer' }, expires_in: int, refresh_token: str, refresh_expires_in: int, username: str, user_id: str }),
  RefreshRequest: jsonSchemaOf(RefreshBody),
  RevokeRequest: jsonSchemaOf(RevokeBody),
  RevokeResult: obj({ success: bool, message: str, jti: str }),
  RevokeAllRequest: jsonSchemaOf(RevokeAllBody),
  RevokeAllResult: obj({ success: bool, message: str, user_id: str, previously_revoked_count: int }),
  Jwks: obj({ keys: { type: 'array', items: { type: 'object' } } }, ['keys'], true),
  CreateApiKeyRequest: withPermissionNames(jsonSchemaOf(CreateKeyBody)),
  RotateApiKeyRequest: jsonSchemaOf(RotateKeyBody),
  CreatedApiKey: obj(
    { key: { type: 'string', description: 'The secret, shown exactly once.' }, id: str, prefix: str, name: str, created_at: str, expires_at: nullable(str), permissions: { type: 'array', items: str } },
    ['key', 'id', 'prefix', 'name', 'created_at', 'expires_at'],
  ),
  ApiKey: apiKey,
  ApiKeyList: obj({ keys: { type: 'array', items: ref('ApiKey') }, api_keys: { type: 'array', items: ref('ApiKey') } }),
  User: obj({ id: str, username: str, email: str, roles: { type: 'array', items: str }, is_active: bool, created_at: str, updated_at: str, last_login: nullable(str) }),
  UserList: obj({ users: { type: 'array', items: ref('User') }, next_cursor: nullable(str) }),
  CreateUserRequest: withRoleNames(withPasswordPolicy(jsonSchemaOf(CreateUserBody))),
  UpdateUserRequest: withRoleNames(withPasswordPolicy(jsonSchemaOf(UpdateUserBody))),
  RolesRequest: withRoleNames(jsonSchemaOf(RolesBody)),
  Role: obj({ name: str, permissions: { type: 'array', items: str }, built_in: bool }),
  RoleList: obj({ roles: { type: 'array', items: ref('Role') } }),
  DefineRoleRequest: withPermissionNames(jsonSchemaOf(DefineRoleBody)),
  LockoutStatus: lockoutStatus,
  LockoutList: obj({ locked_users: { type: 'array', items: { type: 'array', prefixItems: [str, ref('LockoutStatus')], minItems: 2, maxItems: 2 } }, count: int }),
  LockoutEntry: obj({ username: str, status: ref('LockoutStatus') }),
  LockRequest: jsonSchemaOf(LockBody),
  LockResult: obj({ success: bool, message: str, status: ref('LockoutStatus') }),
  Policy: policy,
  PolicyList: obj({ policies: { type: 'array', items: ref('Policy') } }),
  CreatePolicyRequest: jsonSchemaOf(CreatePolicyBody),
  UpdatePolicyRequest: jsonSchemaOf(UpdatePolicyBody),
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
