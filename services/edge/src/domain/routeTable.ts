import type { Permission } from '@qilbee/rbac';

/** Who may call a route: nobody needs to be known, anyone known, or a holder of one permission. */
export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permission'; permission: Permission }
  /** Open to loopback and trusted proxies only (e.g. /metrics scraped inside the network). */
  | { kind: 'network' };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Whether a route reads a JSON body: `json` requires one, `optional` accepts none (logout, lock). */
export type BodyKind = 'none' | 'json' | 'optional';

export interface RouteSpec {
  id: string;
  method: HttpMethod;
  /** Express-style pattern; `:name` matches one path segment. */
  path: string;
  access: Access;
  body: BodyKind;
  /** Operations endpoints are never rate-checked (health probes must not be throttled). */
  rateLimited: boolean;
}

const open: Access = { kind: 'public' };
const known: Access = { kind: 'authenticated' };
const needs = (permission: Permission): Access => ({ kind: 'permission', permission });

function route(id: string, method: HttpMethod, path: string, access: Access, body: BodyKind = 'none', rateLimited = true): RouteSpec {
  return { id, method, path, access, body, rateLimited };
}

/**
 * THE table: every platform route with the permission it needs. Self-service routes (own keys,
 * own user) are `authenticated`; identity then enforces "self or admin" from the actor.
 */
export const ROUTES: readonly RouteSpec[] = [
  route('auth.login', 'POST', '/api/v1/auth/login', open, 'json'),
  route('auth.logout', 'POST', '/api/v1/auth/logout', known, 'optional'),
  route('auth.refresh', 'POST', '/api/v1/auth/refresh', open, 'json'),
  route('auth.revoke', 'POST', '/api/v1/auth/revoke', open, 'json'),
  route('auth.revokeAll', 'POST', '/api/v1/auth/revoke-all', needs('UserUpdate'), 'json'),
  route('auth.jwks', 'GET', '/.well-known/jwks.json', open),

  route('apiKeys.create', 'POST', '/api/v1/api-keys', known, 'json'),
  route('apiKeys.list', 'GET', '/api/v1/api-keys', known),
  route('apiKeys.rotate', 'POST', '/api/v1/api-keys/rotate', known, 'json'),
  route('apiKeys.revoke', 'DELETE', '/api/v1/api-keys/:key_id', known),

  route('users.create', 'POST', '/api/v1/users', needs('UserCreate'), 'json'),
  route('users.list', 'GET', '/api/v1/users', needs('UserRead')),
  route('users.get', 'GET', '/api/v1/users/:user_id', known),
  route('users.update', 'PUT', '/api/v1/users/:user_id', known, 'json'),
  route('users.delete', 'DELETE', '/api/v1/users/:user_id', needs('UserDelete')),
  route('users.assignRoles', 'PUT', '/api/v1/users/:user_id/roles', needs('UserManageRoles'), 'json'),

  route('roles.list', 'GET', '/api/v1/roles', needs('UserRead')),
  route('roles.define', 'PUT', '/api/v1/roles/:name', needs('UserManageRoles'), 'json'),
  route('roles.delete', 'DELETE', '/api/v1/roles/:name', needs('UserManageRoles')),

  route('lockouts.list', 'GET', '/api/v1/lockouts', needs('UserRead')),
  route('lockouts.get', 'GET', '/api/v1/lockouts/:username', needs('UserRead')),
  route('lockouts.lock', 'POST', '/api/v1/lockouts/:username/lock', needs('UserUpdate'), 'optional'),
  route('lockouts.unlock', 'DELETE', '/api/v1/lockouts/:username', needs('UserUpdate')),

  route('rateLimits.create', 'POST', '/api/v1/rate-limits', needs('SystemConfigure'), 'json'),
  route('rateLimits.list', 'GET', '/api/v1/rate-limits', needs('SystemConfigure')),
  route('rateLimits.get', 'GET', '/api/v1/rate-limits/:policy_id', needs('SystemConfigure')),
  route('rateLimits.update', 'PUT', '/api/v1/rate-limits/:policy_id', needs('SystemConfigure'), 'json'),
  route('rateLimits.delete', 'DELETE', '/api/v1/rate-limits/:policy_id', needs('SystemConfigure')),

  route('audit.query', 'GET', '/api/v1/audit-logs', needs('AuditRead')),
  route('audit.verify', 'GET', '/api/v1/audit-logs/verify', needs('AuditRead')),

  route('ops.health', 'GET', '/health', open, 'none', false),
  route('ops.ready', 'GET', '/ready', open, 'none', false),
  route('ops.metrics', 'GET', '/metrics', { kind: 'network' }, 'none', false),
  route('ops.openapi', 'GET', '/openapi.json', open),
];

/** A role change through PUT /users/:id (QilbeeDB SDK's update_user(roles=...)) needs this too. */
export const ROLE_CHANGE_PERMISSION: Permission = 'UserManageRoles';

/**
 * Path prefixes that belong to the platform: an unknown path under one of them is a 404 here,
 * never forwarded to the upstream. Everything else (graphs, memory, /api/v1/llm) is the upstream's.
 */
export const PLATFORM_PREFIXES: readonly string[] = [
  '/api/v1/auth',
  '/api/v1/api-keys',
  '/api/v1/users',
  '/api/v1/roles',
  '/api/v1/lockouts',
  '/api/v1/rate-limits',
  '/api/v1/audit-logs',
  '/.well-known/jwks.json',
  '/health',
  '/ready',
  '/metrics',
  '/openapi.json',
];
