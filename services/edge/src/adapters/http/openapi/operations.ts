import { ROLE_NAME_PATTERN } from '@qilbee/contracts';
import { UUID_PATTERN } from '@qilbee/kernel';
import { BUILT_IN_ROLE_NAMES } from '@qilbee/rbac';
import { ListKeysQuery } from '../routes/apiKeyRoutes';
import { QueryParams, VerifyParams } from '../routes/auditRoutes';
import { ListUsersQuery } from '../routes/userRoutes';
import { portablePattern, queryParametersOf } from './fromZod';

/** Per route id: what it does, what it reads, and what it answers on success and on its own errors. */
export interface OperationSpec {
  summary: string;
  request?: string;
  /** Path parameters that accept less than any non-empty string. */
  params?: Record<string, Record<string, unknown>>;
  query?: Record<string, Record<string, unknown>>;
  /** status -> schema name (`text` for a non-JSON body). */
  responses: Record<number, string>;
  /** Route-specific error statuses besides the ones every route of its kind can answer. */
  errors?: number[];
}

/** A custom role's name: what identity accepts, minus the built-in names in any letter case. */
const customRoleName = {
  type: 'string',
  pattern: portablePattern(ROLE_NAME_PATTERN),
  not: { pattern: `^(${BUILT_IN_ROLE_NAMES.map((name) => [...name].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('')).join('|')})$` },
};

/** Policy ids: any UUID (an unknown one is a 404). */
const policyId = { type: 'string', pattern: portablePattern(UUID_PATTERN.source) };

export const OPERATIONS: Record<string, OperationSpec> = {
  'auth.login': { summary: 'Log in with username and password', request: 'LoginRequest', responses: { 200: 'TokenPair', 401: 'LoginFailed', 429: 'LoginRefused' } },
  'auth.logout': { summary: 'Revoke the calling access token and its refresh family (no body needed)', responses: { 200: 'Success' } },
  'auth.refresh': { summary: 'Rotate a refresh token into a new token pair', request: 'RefreshRequest', responses: { 200: 'TokenPair' }, errors: [401] },
  'auth.revoke': { summary: 'Revoke a token we issued (400 for one that does not verify)', request: 'RevokeRequest', responses: { 200: 'RevokeResult' } },
  'auth.revokeAll': { summary: "Revoke every token of a user", request: 'RevokeAllRequest', responses: { 200: 'RevokeAllResult' }, errors: [404] },
  'auth.jwks': { summary: 'Public signing keys (JWK Set)', responses: { 200: 'Jwks' } },
  'apiKeys.create': { summary: 'Create an API key (the secret is returned once)', request: 'CreateApiKeyRequest', responses: { 201: 'CreatedApiKey' } },
  'apiKeys.list': {
    summary: "List the caller's API keys (admins may pass user_id)",
    query: queryParametersOf(ListKeysQuery),
    responses: { 200: 'ApiKeyList' },
    errors: [403],
  },
  'apiKeys.rotate': { summary: 'Rotate an API key the caller owns', request: 'RotateApiKeyRequest', responses: { 201: 'CreatedApiKey' }, errors: [404] },
  'apiKeys.revoke': { summary: 'Revoke an API key (404 for keys of others)', responses: { 200: 'Success' }, errors: [404] },
  'users.create': { summary: 'Create a user', request: 'CreateUserRequest', responses: { 201: 'User' }, errors: [409] },
  'users.list': {
    summary: 'List users',
    query: queryParametersOf(ListUsersQuery),
    responses: { 200: 'UserList' },
  },
  'users.get': { summary: 'Get a user (self, or with UserRead)', responses: { 200: 'User' }, errors: [403, 404] },
  'users.update': { summary: 'Update a user: email, password (self needs current_password), is_active (admin), roles (UserManageRoles)', request: 'UpdateUserRequest', responses: { 200: 'User' }, errors: [404, 409] },
  'users.delete': { summary: 'Delete a user (403 cannot_delete_self for the caller itself)', responses: { 200: 'Success' }, errors: [403, 404] },
  'users.assignRoles': { summary: "Replace a user's roles (403 cannot_demote_self when an admin would lose their own role management)", request: 'RolesRequest', responses: { 200: 'User' }, errors: [404] },
  'roles.list': { summary: 'The built-in and custom roles with their permissions', responses: { 200: 'RoleList' } },
  'roles.define': { summary: 'Define or redefine a custom role (built-in roles cannot change: 400)', params: { name: customRoleName }, request: 'DefineRoleRequest', responses: { 200: 'Role' } },
  'roles.delete': { summary: 'Delete a custom role (users keep the name; it grants nothing; built-in roles: 400)', params: { name: customRoleName }, responses: { 200: 'Success' }, errors: [400, 404] },
  'lockouts.list': { summary: 'Locked accounts as [username, status] pairs', responses: { 200: 'LockoutList' } },
  'lockouts.get': { summary: 'Lockout status of a username (default status if never seen)', responses: { 200: 'LockoutEntry' } },
  'lockouts.lock': { summary: 'Lock an account until unlocked', request: 'LockRequest', responses: { 200: 'LockResult' } },
  'lockouts.unlock': { summary: 'Unlock an account (keeps lockout_count)', responses: { 200: 'Success' }, errors: [404] },
  'rateLimits.create': { summary: 'Create a rate-limit policy', request: 'CreatePolicyRequest', responses: { 201: 'Policy' } },
  'rateLimits.list': { summary: 'List rate-limit policies', responses: { 200: 'PolicyList' } },
  'rateLimits.get': { summary: 'Get a rate-limit policy', params: { policy_id: policyId }, responses: { 200: 'Policy' }, errors: [404] },
  'rateLimits.update': { summary: 'Update any subset of a policy (resets its buckets)', params: { policy_id: policyId }, request: 'UpdatePolicyRequest', responses: { 200: 'Policy' }, errors: [404] },
  'rateLimits.delete': { summary: 'Delete a rate-limit policy', params: { policy_id: policyId }, responses: { 200: 'Success' }, errors: [404] },
  'audit.query': {
    summary: 'Query the audit trail, newest first',
    query: queryParametersOf(QueryParams),
    responses: { 200: 'AuditPage' },
  },
  'audit.verify': {
    summary: 'Verify the hash chain of the audit trail',
    query: queryParametersOf(VerifyParams),
    responses: { 200: 'VerifyResult' },
  },
  'ops.health': { summary: 'Liveness (no auth, no rate limit)', responses: { 200: 'Health' } },
  'ops.ready': { summary: 'Readiness and dependency checks', responses: { 200: 'Ready', 503: 'Ready' } },
  'ops.metrics': { summary: 'Prometheus metrics (loopback, trusted proxies, METRICS_ALLOWED_IPS)', responses: { 200: 'text' } },
  'ops.openapi': { summary: 'This document', responses: { 200: 'OpenApi' } },
};
