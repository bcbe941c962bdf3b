import { Credentials } from './credentials';
import { AuthenticationError } from './errors';
import { Transport, type Query, type RetryOptions } from './transport';
import type {
  ApiKey, AuditEvent, AuditFilters, AuditPage, CreatedApiKey, EndpointType, Health, Jwks, LockoutEntry, LockoutList,
  LockResult, PolicyInput, RateLimitInfo, RateLimitPolicy, RevokeAllResult, RevokeResult, RoleDefinition, Success, TokenPair, User, UserList, VerifyResult,
} from './types';

export const VERSION = '0.2.0';

export interface ClientConfig extends RetryOptions {
  uri?: string;
  apiKey?: string;
  /** Seconds (default 30). */
  timeout?: number;
  /** Refresh the access token this many seconds before it expires (default 30). */
  refreshSkewSeconds?: number;
  userAgent?: string;
  /** Injected clock (tests). */
  now?: () => number;
}

type Role = string | { Custom: string };
const seg = (value: string): string => encodeURIComponent(value);
const time = (value: string | Date | undefined): string | undefined => (value instanceof Date ? value.toISOString() : value);
function compact<T extends Record<string, unknown>>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * REST client of the Qilbee edge: `new QilbeeSecurity('http://localhost:8080')` or
 * `new QilbeeSecurity({uri, apiKey, timeout, maxRetries})`. Log in (JWT, refreshed automatically
 * before expiry, rotating refresh tokens) or use an API key (`X-API-Key`). TLS verification follows
 * Node's defaults (NODE_EXTRA_CA_CERTS for private CAs).
 */
export class QilbeeSecurity {
  readonly http: Transport;
  readonly refreshSkewSeconds: number;
  private readonly auth: Credentials;
  private refreshing?: Promise<TokenPair>;

  constructor(config: string | ClientConfig = 'http://localhost:8080') {
    const settings: ClientConfig = typeof config === 'string' ? { uri: config } : config;
    const uri = (settings.uri ?? 'http://localhost:8080').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(uri)) throw new Error(`uri must start with http:// or https://, got ${uri}`);
    const retry = { maxRetries: settings.maxRetries ?? 0, backoffFactor: settings.backoffFactor ?? 0.5, maxBackoff: settings.maxBackoff ?? 30 };
    if (retry.maxRetries < 0) throw new Error('maxRetries must be >= 0');
    this.http = new Transport(uri, (settings.timeout ?? 30) * 1000, retry, settings.userAgent ?? `qilbee-security-node/${VERSION}`);
    this.refreshSkewSeconds = settings.refreshSkewSeconds ?? 30;
    this.auth = new Credentials(settings.now);
    if (settings.apiKey) this.auth.useApiKey(settings.apiKey);
  }

  get baseUrl(): string { return this.http.baseUrl; }
  get authMethod(): 'api_key' | 'jwt' | undefined { return this.auth.method; }
  get accessToken(): string | undefined { return this.auth.accessToken; }
  get refreshToken(): string | undefined { return this.auth.refreshToken; }
  get userId(): string | undefined { return this.auth.userId; }
  get lastRateLimit(): RateLimitInfo | undefined { return this.http.lastRateLimit; }
  get lastRequestId(): string | undefined { return this.http.lastRequestId; }
  isAuthenticated(): boolean { return this.auth.method !== undefined; }

  private async call<T>(method: string, path: string, options: { json?: unknown; query?: Query; auth?: boolean } = {}): Promise<T> {
    const auth = options.auth ?? true;
    if (auth && this.auth.needsRefresh(this.refreshSkewSeconds)) await this.refresh();
    return this.http.send<T>(method, path, { json: options.json, query: options.query, headers: auth ? this.auth.headers() : {} });
  }

  // ---- authentication ----
  /** Logs in and switches to JWT authentication (any API key is dropped). */
  async login(username: string, password: string): Promise<TokenPair> {
    const pair = await this.call<TokenPair>('POST', '/api/v1/auth/login', { json: { username, password }, auth: false });
    this.auth.useTokens(pair);
    return pair;
  }

  /** Rotates the refresh token and keeps the NEW one (the old one is refused from now on). Concurrent calls share one rotation. */
  refresh(): Promise<TokenPair> {
    this.refreshing ??= (async () => {
      try {
        const token = this.auth.refreshToken;
        if (!token) throw new AuthenticationError('no refresh token: log in first');
        const pair = await this.http.send<TokenPair>('POST', '/api/v1/auth/refresh', { json: { refresh_token: token } });
        this.auth.useTokens(pair);
        return pair;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Revokes the access token and its refresh family on the server, then forgets them. */
  async logout(): Promise<Success> {
    if (!this.auth.accessToken) {
      this.auth.clear();
      return { success: true, message: 'Not logged in' };
    }
    try {
      return await this.call<Success>('POST', '/api/v1/auth/logout');
    } finally {
      this.auth.clear();
    }
  }

  /** Switches to API-key authentication (undefined = anonymous); local JWTs are forgotten, not revoked. */
  setApiKey(apiKey: string | undefined): void { this.auth.useApiKey(apiKey); }
  revokeToken(token: string): Promise<RevokeResult> { return this.call('POST', '/api/v1/auth/revoke', { json: { token }, auth: false }); }
  revokeAll(userId: string, reason?: string): Promise<RevokeAllResult> { return this.call('POST', '/api/v1/auth/revoke-all', { json: compact({ user_id: userId, reason }) }); }
  jwks(): Promise<Jwks> { return this.call('GET', '/.well-known/jwks.json', { auth: false }); }
  health(): Promise<Health> { return this.call('GET', '/health', { auth: false }); }
  ready(): Promise<{ status: string; checks?: Record<string, string> }> { return this.call('GET', '/ready', { auth: false }); }

  // ---- users ----
  createUser(input: { username: string; email: string; password: string; roles?: Role[] }): Promise<User> { return this.call('POST', '/api/v1/users', { json: compact(input) }); }
  listUsers(query: { limit?: number; cursor?: string; role?: string; status?: 'active' | 'inactive' } = {}): Promise<UserList> { return this.call('GET', '/api/v1/users', { query }); }
  async *iterUsers(options: { pageSize?: number; role?: string; status?: 'active' | 'inactive' } = {}): AsyncGenerator<User> {
    let cursor: string | undefined;
    do {
      const page = await this.listUsers({ limit: options.pageSize ?? 100, cursor, role: options.role, status: options.status });
      yield* page.users;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
  getUser(userId: string): Promise<User> { return this.call('GET', `/api/v1/users/${seg(userId)}`); }
  updateUser(userId: string, changes: { email?: string; password?: string; current_password?: string; is_active?: boolean; roles?: Role[] }): Promise<User> {
    return this.call('PUT', `/api/v1/users/${seg(userId)}`, { json: compact(changes) });
  }
  deleteUser(userId: string): Promise<Success> { return this.call('DELETE', `/api/v1/users/${seg(userId)}`); }
  setUserRoles(userId: string, roles: Role[]): Promise<User> { return this.call('PUT', `/api/v1/users/${seg(userId)}/roles`, { json: { roles } }); }

  // ---- API keys ----
  /** `result.key` is the secret, shown only this once. */
  createApiKey(name: string, options: { expires_in_days?: number; permissions?: string[] } = {}): Promise<CreatedApiKey> {
    return this.call('POST', '/api/v1/api-keys', { json: compact({ name, ...options }) });
  }
  async listApiKeys(options: { includeRevoked?: boolean; userId?: string } = {}): Promise<ApiKey[]> {
    const body = await this.call<{ keys: ApiKey[] }>('GET', '/api/v1/api-keys', { query: { include_revoked: options.includeRevoked ? 'true' : undefined, user_id: options.userId } });
    return body.keys;
  }
  revokeApiKey(keyId: string): Promise<Success> { return this.call('DELETE', `/api/v1/api-keys/${seg(keyId)}`); }
  /** Replaces currentKey (the caller must own it); if this client uses it, it switches to the new key. */
  async rotateApiKey(currentKey: string, options: { new_name?: string; expires_in_days?: number; grace_period_seconds?: number } = {}): Promise<CreatedApiKey> {
    const created = await this.call<CreatedApiKey>('POST', '/api/v1/api-keys/rotate', { json: compact({ current_key: currentKey, ...options }) });
    if (this.auth.apiKey === currentKey) this.auth.useApiKey(created.key);
    return created;
  }

  // ---- custom roles ----
  /** The built-in roles and the custom ones, each with its permissions. */
  async listRoles(): Promise<RoleDefinition[]> { return (await this.call<{ roles: RoleDefinition[] }>('GET', '/api/v1/roles')).roles; }
  /** Creates or redefines a custom role (a named permission set); built-in roles cannot change. */
  defineRole(name: string, permissions: string[]): Promise<RoleDefinition> { return this.call('PUT', `/api/v1/roles/${seg(name)}`, { json: { permissions } }); }
  deleteRole(name: string): Promise<Success> { return this.call('DELETE', `/api/v1/roles/${seg(name)}`); }

  // ---- lockouts ----
  listLockouts(): Promise<LockoutList> { return this.call('GET', '/api/v1/lockouts'); }
  lockoutStatus(username: string): Promise<LockoutEntry> { return this.call('GET', `/api/v1/lockouts/${seg(username)}`); }
  lockUser(username: string, reason?: string): Promise<LockResult> { return this.call('POST', `/api/v1/lockouts/${seg(username)}/lock`, { json: compact({ reason }) }); }
  unlockUser(username: string): Promise<Success> { return this.call('DELETE', `/api/v1/lockouts/${seg(username)}`); }

  // ---- rate-limit policies ----
  createRateLimitPolicy(input: PolicyInput & { name: string; endpoint_type: EndpointType; max_requests: number; window_secs: number }): Promise<RateLimitPolicy> {
    return this.call('POST', '/api/v1/rate-limits', { json: compact({ enabled: true, ...input }) });
  }
  async listRateLimitPolicies(): Promise<RateLimitPolicy[]> { return (await this.call<{ policies: RateLimitPolicy[] }>('GET', '/api/v1/rate-limits')).policies; }
  getRateLimitPolicy(policyId: string): Promise<RateLimitPolicy> { return this.call('GET', `/api/v1/rate-limits/${seg(policyId)}`); }
  /** Any subset of fields; applies at once and resets the policy's buckets. */
  updateRateLimitPolicy(policyId: string, changes: PolicyInput): Promise<RateLimitPolicy> { return this.call('PUT', `/api/v1/rate-limits/${seg(policyId)}`, { json: changes }); }
  deleteRateLimitPolicy(policyId: string): Promise<Success> { return this.call('DELETE', `/api/v1/rate-limits/${seg(policyId)}`); }

  // ---- audit ----
  queryAuditLogs(filters: AuditFilters & { limit?: number; cursor?: string } = {}): Promise<AuditPage> {
    return this.call('GET', '/api/v1/audit-logs', { query: { ...filters, start_time: time(filters.start_time), end_time: time(filters.end_time) } });
  }
  /** Every matching event, newest first, following next_cursor. */
  async *iterAuditLogs(filters: AuditFilters = {}, options: { pageSize?: number; maxEvents?: number } = {}): AsyncGenerator<AuditEvent> {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await this.queryAuditLogs({ ...filters, limit: options.pageSize ?? 100, cursor });
      for (const event of page.events) {
        if (options.maxEvents !== undefined && seen >= options.maxEvents) return;
        seen += 1;
        yield event;
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }
  verifyAuditLog(range: { from?: string | Date; to?: string | Date } = {}): Promise<VerifyResult> {
    return this.call('GET', '/api/v1/audit-logs/verify', { query: { from: time(range.from), to: time(range.to) } });
  }
}
