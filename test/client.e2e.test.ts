import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@qilbee/testkit';
import {
  AccountLockedError, AuthenticationError, ConflictError, NetworkError, NotFoundError, PermissionDeniedError, QilbeeSecurity,
  QilbeeSecurityError, RateLimitError, ServerError, ServiceUnavailableError, ValidationError,
} from '../packages/client/src';
import { Api, relaxLoginLimit } from './harness/api';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startPlatform, type Platform } from './harness/platform';

type Reply = [status: number, body: unknown, headers?: Record<string, string>];
interface Seen { method: string; path: string; headers: IncomingMessage['headers']; body: unknown }

/** A local stub of the edge: scripted replies per "METHOD path" (served in turn, last one repeated). */
async function stubServer(routes: Record<string, Reply[] | ((seen: Seen) => Reply)>): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const entry: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      seen.push(entry);
      const route = routes[`${entry.method} ${entry.path.split('?')[0]}`];
      const [status, body, headers] = typeof route === 'function' ? route(entry) : route ? (route.length > 1 ? route.shift()! : route[0]!) : [404, { error: 'no stub' }];
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req-${seen.length}`, ...(headers ?? {}) });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

const problem = (status: number, code: string, error: string, extra: Record<string, unknown> = {}) => ({ type: `urn:qilbee:problem:${code}`, title: error, status, detail: error, code, error, ...extra });
const pair = (n: number, expiresIn = 900) => ({ access_token: `access-${n}`, token_type: 'Bearer', expires_in: expiresIn, refresh_token: `refresh-${n}`, refresh_expires_in: 86400, username: 'alice', user_id: 'u-1' });

async function caught(promise: Promise<unknown>): Promise<QilbeeSecurityError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QilbeeSecurityError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('@qilbee/client against a local stub (error mapping, retry, refresh, header switching)', () => {
  it('maps every status to its error class with the problem members', async () => {
    const cases: Array<[number, new (...a: never[]) => QilbeeSecurityError]> = [
      [400, ValidationError], [401, AuthenticationError], [403, PermissionDeniedError], [404, NotFoundError], [409, ConflictError],
      [413, ValidationError], [415, ValidationError], [429, RateLimitError], [500, ServerError], [503, ServiceUnavailableError],
    ];
    for (const [status, cls] of cases) {
      const stub = await stubServer({ 'GET /api/v1/users': [[status, problem(status, `c${status}`, `boom ${status}`, { errors: [{ field: 'email', message: 'bad' }], violations: ['digit'] }), { 'retry-after': '3', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }]] });
      const error = await caught(new QilbeeSecurity({ uri: stub.url, apiKey: 'k' }).listUsers());
      await stub.close();
      expect(error).toBeInstanceOf(cls);
      expect([error.status, error.code, error.detail, error.requestId]).toEqual([status, `c${status}`, `boom ${status}`, 'req-1']);
      if (error instanceof ValidationError) expect([error.fields, error.violations]).toEqual([['email'], ['digit']]);
      if (error instanceof RateLimitError) expect([error.retryAfter, error.limit, error.remaining, error.reset]).toEqual([3, 5, 0, 3]);
    }
    expect(await caught(new QilbeeSecurity({ uri: 'http://127.0.0.1:9', timeout: 2 }).health())).toBeInstanceOf(NetworkError);
  });

  it('retries 429 honouring Retry-After (bounded), 503 only for idempotent methods, never a locked account', async () => {
    const limited: Reply = [429, problem(429, 'rate_limited', 'Too Many Requests'), { 'retry-after': '2' }];
    const stub = await stubServer({
      'GET /api/v1/users': [limited, limited, [200, { users: [], next_cursor: null }]],
      'POST /api/v1/api-keys': [[503, problem(503, 'unavailable', 'down')], [201, {}]],
      'POST /api/v1/auth/login': [[429, problem(429, 'account_locked', 'locked', { locked: true }), { 'retry-after': '1' }]],
      'GET /api/v1/lockouts': [[503, problem(503, 'unavailable', 'down')]],
    });
    const client = new QilbeeSecurity({ uri: stub.url, apiKey: 'k', maxRetries: 2, backoffFactor: 0.5, maxBackoff: 1.5 });
    const slept: number[] = [];
    client.http.sleep = async (ms) => void slept.push(ms);
    expect((await client.listUsers()).users).toEqual([]);
    expect(slept).toEqual([1500, 1500]); // Retry-After 2 s capped by maxBackoff 1.5 s
    expect(await caught(client.createApiKey('x'))).toBeInstanceOf(ServiceUnavailableError);
    expect(await caught(client.login('a', 'b'))).toBeInstanceOf(AccountLockedError);
    slept.length = 0;
    expect(await caught(client.listLockouts())).toBeInstanceOf(ServiceUnavailableError);
    expect(slept).toEqual([500, 1000]); // exponential backoff, then the last error after 3 attempts
    expect(stub.seen.filter((s) => s.path === '/api/v1/api-keys')).toHaveLength(1);
    expect(stub.seen.filter((s) => s.path === '/api/v1/auth/login')).toHaveLength(1);
    expect(stub.seen.filter((s) => s.path === '/api/v1/lockouts')).toHaveLength(3);
    await stub.close();
  });

  it('refreshes shortly before expiry, stores the rotated token, and switches methods without stale headers', async () => {
    const used = new Set<string>();
    const stub = await stubServer({
      'POST /api/v1/auth/login': [[200, pair(1)]],
      'POST /api/v1/auth/refresh': (seen) => {
        const token = (seen.body as { refresh_token: string }).refresh_token;
        if (used.has(token)) return [401, problem(401, 'refresh_token_reused', 'reuse')];
        used.add(token);
        return [200, pair(Number(token.split('-')[1]) + 1)];
      },
      'GET /api/v1/api-keys': [[200, { keys: [] }]],
      'POST /api/v1/auth/logout': [[200, { success: true }]],
    });
    let now = 1_000_000;
    const client = new QilbeeSecurity({ uri: stub.url, apiKey: 'qilbee_live_old', refreshSkewSeconds: 30, now: () => now });
    await client.listApiKeys();
    await client.login('alice', 'pw');
    expect(stub.seen.at(-1)!.headers['x-api-key']).toBeUndefined();
    now += 869_000;
    await client.listApiKeys();
    expect(stub.seen.at(-1)!.headers.authorization).toBe('Bearer access-1');
    now += 2_000; // 29 s left: one refresh, then the call with the new token
    await Promise.all([client.listApiKeys(), client.listApiKeys()]);
    await client.refresh(); // works only because refresh-2 was stored
    expect(stub.seen.filter((s) => s.path === '/api/v1/auth/refresh').map((s) => (s.body as { refresh_token: string }).refresh_token)).toEqual(['refresh-1', 'refresh-2']);
    expect(stub.seen.filter((s) => s.path === '/api/v1/auth/refresh').every((s) => s.headers.authorization === undefined)).toBe(true);
    client.setApiKey('qilbee_live_new');
    await client.listApiKeys();
    expect([stub.seen.at(-1)!.headers['x-api-key'], stub.seen.at(-1)!.headers.authorization]).toEqual(['qilbee_live_new', undefined]);
    await client.login('alice', 'pw');
    await client.logout();
    expect(stub.seen.at(-1)!.headers.authorization).toBe('Bearer access-1');
    expect(client.authMethod).toBeUndefined();
    await stub.close();
  });
});

describe('@qilbee/client against the platform', () => {
  jest.setTimeout(180_000);
  let platform: Platform;
  let admin: QilbeeSecurity;
  const strong = () => `Ts!Client9#${randomUUID().slice(0, 10)}`;
  const status = async (path: string, headers: Record<string, string>) => (await fetch(platform.edgeUrl + path, { headers })).status;
  const client = (config: Record<string, unknown> = {}) => new QilbeeSecurity({ uri: platform.edgeUrl, timeout: 60, ...config });
  async function newUser() {
    const username = `ts_${randomUUID().slice(0, 10)}`;
    const password = strong();
    return { user: await admin.createUser({ username, email: `${username}@example.com`, password, roles: ['Read'] }), password };
  }

  beforeAll(async () => {
    platform = await startPlatform();
    const api = new Api(platform.edgeUrl);
    await relaxLoginLimit(api, (await api.loginAdmin()).access_token);
    admin = client();
    await admin.login(ADMIN_USERNAME, ADMIN_PASSWORD);
  });
  afterAll(() => platform?.stop());

  it('health, jwks; login, rotating refresh (reuse refused), automatic refresh, logout really revokes', async () => {
    expect((await client().health()).status).toBe('healthy');
    expect((await client().jwks()).keys.length).toBeGreaterThan(0);
    const { user, password } = await newUser();
    const me = client();
    await me.login(user.username, password);
    const first = me.refreshToken!;
    await me.refresh();
    await me.refresh();
    expect(new Set([first, me.refreshToken]).size).toBe(2);
    expect((await fetch(`${platform.edgeUrl}/api/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: first }) })).status).toBe(401);

    const eager = client({ refreshSkewSeconds: 100_000 }); // every call refreshes first
    await eager.login(user.username, password);
    const seen = new Set([eager.refreshToken]);
    for (let i = 0; i < 3; i += 1) {
      expect((await eager.getUser(user.id)).id).toBe(user.id);
      seen.add(eager.refreshToken);
    }
    expect(seen.size).toBe(4);
    const access = eager.accessToken!;
    expect((await eager.logout()).success).toBe(true);
    expect(await status(`/api/v1/users/${user.id}`, { authorization: `Bearer ${access}` })).toBe(401);
  });

  it('users: CRUD, roles, 409, weak password 400 with violations, 403, 404, wrong current password', async () => {
    const username = `crud_${randomUUID().slice(0, 8)}`;
    const created = await admin.createUser({ username, email: `${username}@example.com`, password: strong(), roles: ['Developer'] });
    expect(created.roles).toEqual(['Developer']);
    expect(await caught(admin.createUser({ username, email: `x_${username}@example.com`, password: strong() }))).toBeInstanceOf(ConflictError);
    const weak = await caught(admin.createUser({ username: `w_${username}`, email: `w_${username}@example.com`, password: 'short' }));
    expect(weak).toBeInstanceOf(ValidationError);
    expect((weak as ValidationError).violations).toContain('min_length');
    expect((await admin.setUserRoles(created.id, ['Agent'])).roles).toEqual(['Agent']);
    const ids: string[] = [];
    for await (const u of admin.iterUsers({ pageSize: 2 })) ids.push(u.id);
    expect(ids).toContain(created.id);
    expect((await admin.deleteUser(created.id)).success).toBe(true);
    expect(await caught(admin.getUser(created.id))).toBeInstanceOf(NotFoundError);

    const { user, password } = await newUser();
    const me = client();
    await me.login(user.username, password);
    const denied = await caught(me.listUsers());
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied.requestId).toBeTruthy();
    const wrong = await caught(me.updateUser(user.id, { password: strong(), current_password: 'nope' }));
    expect(wrong.code).toBe('invalid_current_password');
  });

  it('API keys: scoped create with expiry, switching methods, rotate with grace, 404 for others, revoke, include_revoked', async () => {
    const { user, password } = await newUser();
    const owner = client();
    await owner.login(user.username, password);
    const created = await owner.createApiKey('ci', { expires_in_days: 7, permissions: ['GraphRead'] });
    expect(created.key.startsWith('qilbee_live_')).toBe(true);
    expect(created.expires_at).toBeTruthy();
    expect(await caught(owner.createApiKey('too-much', { permissions: ['UserDelete'] }))).toBeInstanceOf(PermissionDeniedError);
    expect((await admin.listApiKeys({ userId: user.id })).map((k) => k.id)).toContain(created.id);

    const service = client({ apiKey: created.key });
    const rotated = await service.rotateApiKey(created.key, { new_name: 'ci-2', grace_period_seconds: 120 });
    expect(await status('/api/v1/api-keys', { 'x-api-key': created.key })).toBe(200); // grace period
    expect((await service.listApiKeys()).map((k) => k.id)).toContain(rotated.id); // switched to the new key
    const switching = client({ apiKey: rotated.key });
    await switching.login(ADMIN_USERNAME, ADMIN_PASSWORD); // a stale X-API-Key of another user would be 401
    expect((await switching.getUser(user.id)).id).toBe(user.id);

    const adminKey = await admin.createApiKey('not-yours');
    expect(await caught(service.revokeApiKey(adminKey.id))).toBeInstanceOf(NotFoundError);
    await admin.revokeApiKey(adminKey.id);
    expect((await owner.revokeApiKey(rotated.id)).success).toBe(true);
    await waitFor(async () => (await status('/api/v1/api-keys', { 'x-api-key': rotated.key })) === 401, { timeoutMs: 15_000 });
    expect((await owner.listApiKeys()).map((k) => k.id)).not.toContain(rotated.id);
    expect((await owner.listApiKeys({ includeRevoked: true })).map((k) => k.id)).toContain(rotated.id);
  });

  it('custom roles: define, assign, use, delete', async () => {
    const { user, password } = await newUser();
    const role = `auditor_${randomUUID().slice(0, 8)}`;
    expect(await admin.defineRole(role, ['AuditRead'])).toEqual({ name: role, permissions: ['AuditRead'], built_in: false });
    expect((await admin.listRoles()).map((r) => r.name)).toContain(role);
    await admin.setUserRoles(user.id, [role]);
    const auditor = client();
    await auditor.login(user.username, password);
    await auditor.queryAuditLogs({ limit: 1 });
    expect(await caught(auditor.listUsers())).toBeInstanceOf(PermissionDeniedError);
    expect(await caught(admin.defineRole('Admin', ['AuditRead']))).toBeInstanceOf(ValidationError);
    expect((await admin.deleteRole(role)).success).toBe(true);
    expect(await caught(admin.deleteRole(role))).toBeInstanceOf(NotFoundError);
  });

  it('lockouts, revoke, revoke-all', async () => {
    const { user, password } = await newUser();
    expect((await admin.lockoutStatus(user.username)).status.locked).toBe(false);
    expect((await admin.lockUser(user.username, 'client test')).status.locked).toBe(true);
    const locked = await caught(client().login(user.username, password));
    expect(locked).toBeInstanceOf(AccountLockedError);
    expect((await admin.listLockouts()).locked_users.map(([name]) => name)).toContain(user.username);
    expect((await admin.unlockUser(user.username)).success).toBe(true);
    expect(await caught(admin.unlockUser(`never_${randomUUID().slice(0, 8)}`))).toBeInstanceOf(NotFoundError);

    const me = client();
    await me.login(user.username, password);
    expect((await me.revokeToken(me.accessToken!)).jti).toBeTruthy();
    await waitFor(async () => (await status(`/api/v1/users/${user.id}`, { authorization: `Bearer ${me.accessToken}` })) === 401, { timeoutMs: 15_000 });
    expect(await caught(me.revokeToken('garbage'))).toBeInstanceOf(ValidationError);
    const other = client();
    await other.login(user.username, password);
    expect((await admin.revokeAll(user.id, 'client test')).user_id).toBe(user.id);
    await waitFor(async () => (await status(`/api/v1/users/${user.id}`, { authorization: `Bearer ${other.accessToken}` })) === 401, { timeoutMs: 15_000 });
  });

  it('rate-limit policies: CRUD with {Custom}, invalid type 400, 429 with headers, retry honouring Retry-After', async () => {
    expect(await caught(admin.createRateLimitPolicy({ name: 'bad', endpoint_type: 'Nope' as never, max_requests: 1, window_secs: 1 }))).toBeInstanceOf(ValidationError);
    const policy = await admin.createRateLimitPolicy({ name: `ts-${randomUUID().slice(0, 8)}`, endpoint_type: { Custom: '/.well-known/jwks.json' }, max_requests: 2, window_secs: 2 });
    try {
      expect(policy.endpoint_type).toEqual({ Custom: '/.well-known/jwks.json' });
      expect((await admin.listRateLimitPolicies()).map((p) => p.id)).toContain(policy.id);
      const anonymous = client();
      let limited: QilbeeSecurityError | undefined;
      for (let i = 0; i < 5 && !limited; i += 1) limited = await anonymous.jwks().then(() => undefined, (e: QilbeeSecurityError) => e);
      expect(limited).toBeInstanceOf(RateLimitError);
      const error = limited as RateLimitError;
      expect([error.limit, error.remaining]).toEqual([2, 0]);
      expect(error.retryAfter).toBeGreaterThan(0);
      expect((await client({ maxRetries: 4, maxBackoff: 3 }).jwks()).keys.length).toBeGreaterThan(0);
      expect((await admin.updateRateLimitPolicy(policy.id, { max_requests: 1000 })).max_requests).toBe(1000);
      await anonymous.jwks();
      expect(anonymous.lastRateLimit?.limit).toBe(1000);
    } finally {
      await admin.deleteRateLimitPolicy(policy.id);
    }
    expect(await caught(admin.getRateLimitPolicy(policy.id))).toBeInstanceOf(NotFoundError);
  });

  it('audit: a page, the cursor iterator, unknown values 400, verify', async () => {
    const page = await admin.queryAuditLogs({ limit: 2 });
    expect(page.events).toHaveLength(2);
    expect(page.next_cursor).toBeTruthy();
    const events = [];
    for await (const event of admin.iterAuditLogs({}, { pageSize: 2, maxEvents: 4 })) events.push(event);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(4);
    // New events may land between the two reads, so the pages are checked for order, not equality.
    const times = events.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort().reverse());
    expect(await caught(admin.queryAuditLogs({ result: 'maybe' as never }))).toBeInstanceOf(ValidationError);
    // A closed window in the past: range and echo checked without walking the whole chain (a fresh
    // audit service may still ingest the topics' history; a 503 then is absorbed by the bounded retry).
    const patient = client({ maxRetries: 2, apiKey: (await admin.createApiKey('verify')).key });
    const verdict = await patient.verifyAuditLog({ from: new Date('2000-01-01T00:00:00Z'), to: '2000-01-02T00:00:00Z' });
    expect(verdict).toEqual({ ok: true, checked: 0, first_broken: null, from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z' });
    expect(await caught(admin.verifyAuditLog({ from: 'yesterday' }))).toBeInstanceOf(ValidationError);
  });
});
