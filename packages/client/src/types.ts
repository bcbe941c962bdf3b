/** Shapes of the platform's JSON bodies (GET /openapi.json); extra members may be present. */

/** `Login | ApiKeyCreation | UserManagement | GeneralApi` or `{Custom: "/path"}`. */
export type EndpointType = 'Login' | 'ApiKeyCreation' | 'UserManagement' | 'GeneralApi' | { Custom: string };
export type AuditResult = 'success' | 'failure' | 'unauthorized' | 'forbidden' | 'error';

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  username: string;
  user_id: string;
}

export interface Success {
  success: boolean;
  message?: string;
}

export interface RevokeResult {
  success: boolean;
  message: string;
  jti: string;
}

export interface RevokeAllResult {
  success: boolean;
  message: string;
  user_id: string;
  previously_revoked_count: number;
}

export interface Jwks {
  keys: Array<Record<string, unknown>>;
}

export interface User {
  id: string;
  username: string;
  email: string;
  roles: string[];
  is_active: boolean;
  created_at: string;
  updated_at: string;
  last_login: string | null;
}

export interface UserList {
  users: User[];
  next_cursor: string | null;
}

export interface CreatedApiKey {
  key: string;
  id: string;
  prefix: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  permissions?: string[];
}

export interface ApiKey {
  id: string;
  prefix: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used: string | null;
  is_active: boolean;
  permissions?: string[];
  user_id?: string;
  status?: string;
}

export interface LockoutStatus {
  locked: boolean;
  failed_attempts: number;
  remaining_attempts: number;
  lockout_expires: string | null;
  lockout_remaining_seconds: number | null;
  lockout_count: number;
  lockout_reason: string | null;
}

export interface LockoutList {
  locked_users: Array<[string, LockoutStatus]>;
  count: number;
}

export interface LockoutEntry {
  username: string;
  status: LockoutStatus;
}

/** A role and what it grants (GET /api/v1/roles). */
export interface RoleDefinition {
  name: string;
  permissions: string[];
  built_in: boolean;
}

export interface LockResult {
  success: boolean;
  message: string;
  status: LockoutStatus;
}

export interface RateLimitPolicy {
  id: string;
  name: string;
  endpoint_type: EndpointType;
  max_requests: number;
  window_secs: number;
  enabled: boolean;
  created_at: string;
  updated_at: string;
  overrides?: Record<string, number>;
  fail_open?: boolean;
}

export interface PolicyInput {
  name?: string;
  endpoint_type?: EndpointType;
  max_requests?: number;
  window_secs?: number;
  enabled?: boolean;
  overrides?: Record<string, number>;
  fail_open?: boolean;
}

export interface AuditEvent {
  event_id: string;
  event_type: string;
  timestamp: string;
  user_id: string | null;
  username: string | null;
  action: string;
  resource: string | null;
  result: AuditResult;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  transaction_time: string;
  sequence?: number;
  hash?: string;
}

export interface AuditPage {
  events: AuditEvent[];
  count: number;
  limit: number;
  next_cursor: string | null;
}

export interface AuditFilters {
  event_type?: string;
  user_id?: string;
  username?: string;
  action?: string;
  result?: AuditResult;
  ip_address?: string;
  start_time?: string | Date;
  end_time?: string | Date;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_broken: { event_id: string; sequence: number; reason: string } | null;
  from: string | null;
  to: string | null;
}

export interface Health {
  status: 'healthy';
  version: string;
  uptime_seconds: number;
}

export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  reset?: number;
}
