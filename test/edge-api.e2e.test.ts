import { waitFor } from '@qilbee/testkit';
import { Api, relaxLoginLimit, type Json } from './harness/api';
import { startPlatform, type Platform } from './harness/platform';

/**
 * The public REST API across the five running services: every endpoint's success and error
 * cases, as a client sees them. One platform for the file (unique databases and groups).
 */
describe('edge REST API end to end', () => {
  jest.setTimeout(120_000);
  let platform: Platform;
  let api: Api;
  let admin: string;
  let dev: { id: string; token: string; username: string; password: string };
  let reader: { id: string; token: string; username: string; password: string };
  const suffix = Date.now().toString(36);

  async function makeUser(username: string, roles: string[]) {
    const password = `P4ss!Xy9#long-${Math.random().toString(36).slice(2, 8)}`;
    const created = await api.call('POST', '/api/v1/users', { token: admin, json: { username, email: `${username}@example.com`, password, roles } });
    expect(created.status).toBe(201);
    const login = await api.login(username, password);
    return { id: created.body.id as string, token: login.access_token as string, username, password };
  }

  async function auditEvents(query: string): Promise<Json[]> {
    const reply = await api.call('GET', `/api/v1/audit-logs?limit=1000&${query}`, { token: admin });
    expect(reply.status).toBe(200);
    return reply.body.events;
  }

  beforeAll(async () => {
    platform = await startPlatform();
    api = new Api(platform.edgeUrl);
    admin = (await api.loginAdmin()).access_token;
    await relaxLoginLimit(api, admin);
    dev = await makeUser(`dev_${suffix}`, ['Developer']);
    reader = await makeUser(`reader_${suffix}`, ['Read']);
  });
  afterAll(() => platform?.stop());

  afterEach(() => {
    // Every real response of a documented route matched the OpenAPI document.
    expect(api.conformanceErrors).toEqual([]);
  });

  it('operations: /health, /ready, /openapi.json, /.well-known/jwks.json', async () => {
    expect((await api.call('GET', '/health')).body).toEqual(expect.objectContaining({ status: 'healthy' }));
    const ready = await api.call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect((await api.call('GET', '/openapi.json')).body.openapi).toBe('3.1.0');
    const jwks = await api.call('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d":/);
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
  });

  it('login: wrong password 401 with counters; unknown user the same; the 5th failure locks; then 429; admin unlock', async () => {
    const victim = await makeUser(`victim_${suffix}`, ['Read']);
    const ghost = await api.call('POST', '/api/v1/auth/login', { json: { username: `ghost_${suffix}`, password: 'nope' } });
    expect(ghost.status).toBe(401);
    expect(ghost.body).toEqual(expect.objectContaining({ failed_attempts: 1, remaining_attempts: 4 }));
    let last: Reply['body'] = null;
    for (let i = 1; i <= 5; i += 1) {
      const reply = await api.call('POST', '/api/v1/auth/login', { json: { username: victim.username, password: 'wrong' } });
      expect(reply.status).toBe(401);
      last = reply.body;
    }
    expect(last).toEqual(expect.objectContaining({ failed_attempts: 5, remaining_attempts: 0, locked: true }));
    const locked = await api.call('POST', '/api/v1/auth/login', { json: { username: victim.username, password: victim.password } });
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual(expect.objectContaining({ error: 'Account locked due to too many failed login attempts', locked: true }));
    const status = await api.call('GET', `/api/v1/lockouts/${victim.username}`, { token: admin });
    expect(status.body.status).toEqual(expect.objectContaining({ locked: true, lockout_count: 1 }));
    const list = await api.call('GET', '/api/v1/lockouts', { token: admin });
    expect(list.body.locked_users.map((pair: Json[]) => pair[0])).toContain(victim.username);
    expect((await api.call('DELETE', `/api/v1/lockouts/${victim.username}`, { token: admin })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/login', { json: { username: victim.username, password: victim.password } })).status).toBe(200);
    const after = await api.call('GET', `/api/v1/lockouts/${victim.username}`, { token: admin });
    expect(after.body.status).toEqual(expect.objectContaining({ locked: false, lockout_count: 1 }));
    expect((await api.call('DELETE', `/api/v1/lockouts/never_${suffix}`, { token: admin })).status).toBe(404);
  });

  it('manual lock by admin, then unlock', async () => {
    const target = await makeUser(`locked_${suffix}`, ['Read']);
    const lock = await api.call('POST', `/api/v1/lockouts/${target.username}/lock`, { token: admin, json: { reason: 'investigation' } });
    expect(lock.status).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/login', { json: { username: target.username, password: target.password } })).status).toBe(429);
    expect((await api.call('POST', `/api/v1/lockouts/${target.username}/lock`, { token: reader.token, json: {} })).status).toBe(403);
    await api.call('DELETE', `/api/v1/lockouts/${target.username}`, { token: admin });
    expect((await api.call('POST', '/api/v1/auth/login', { json: { username: target.username, password: target.password } })).status).toBe(200);
  });

  it('logout with no body: 200, then the token is refused (and so is its refresh token)', async () => {
    const session = await api.login(reader.username, reader.password);
    const out = await api.call('POST', '/api/v1/auth/logout', { token: session.access_token, headers: { 'content-length': '0' } });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ success: true });
    expect((await api.call('GET', '/api/v1/api-keys', { token: session.access_token })).status).toBe(401);
    expect((await api.call('POST', '/api/v1/auth/refresh', { json: { refresh_token: session.refresh_token } })).status).toBe(401);
  });

  it('refresh rotates; presenting the rotated token again (without the new access token) revokes the family', async () => {
    const session = await api.login(reader.username, reader.password);
    const next = await api.call('POST', '/api/v1/auth/refresh', { token: session.access_token, json: { refresh_token: session.refresh_token } });
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(session.refresh_token);
    const reuse = await api.call('POST', '/api/v1/auth/refresh', { json: { refresh_token: session.refresh_token } });
    expect(reuse.status).toBe(401);
    await waitFor(async () => (await api.call('GET', '/api/v1/api-keys', { token: next.body.access_token })).status === 401, { timeoutMs: 15_000 });
  });

  it('revoke: 200 with jti for our token (idempotent), 400 for garbage; revoke-all kills older tokens', async () => {
    const session = await api.login(reader.username, reader.password);
    const revoked = await api.call('POST', '/api/v1/auth/revoke', { json: { token: session.access_token } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual(expect.objectContaining({ success: true, jti: expect.any(String) }));
    expect((await api.call('POST', '/api/v1/auth/revoke', { json: { token: session.access_token } })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/api-keys', { token: session.access_token })).status).toBe(401);
    expect((await api.call('POST', '/api/v1/auth/revoke', { json: { token: 'garbage' } })).status).toBe(400);

    const older = await api.login(reader.username, reader.password);
    const all = await api.call('POST', '/api/v1/auth/revoke-all', { token: admin, json: { user_id: reader.id, reason: 'security_incident' } });
    expect(all.status).toBe(200);
    expect(all.body).toEqual(expect.objectContaining({ success: true, user_id: reader.id, previously_revoked_count: expect.any(Number) }));
    expect((await api.call('GET', '/api/v1/api-keys', { token: older.access_token })).status).toBe(401);
    expect((await api.call('POST', '/api/v1/auth/revoke-all', { token: dev.token, json: { user_id: reader.id } })).status).toBe(403);
    reader.token = (await api.login(reader.username, reader.password)).access_token;
    expect((await api.call('GET', '/api/v1/api-keys', { token: reader.token })).status).toBe(200);
  });

  it('API keys: create, list (keys + api_keys), use, 404 for another user, revoke, rotate', async () => {
    const created = await api.call('POST', '/api/v1/api-keys', { token: dev.token, json: { name: 'ci' } });
    expect(created.status).toBe(201);
    const key = created.body;
    expect(key.key).toMatch(/^qilbee_live_/);
    const list = await api.call('GET', '/api/v1/api-keys', { apiKey: key.key });
    expect(list.status).toBe(200);
    expect(list.body.keys.map((k: Json) => k.id)).toContain(key.id);
    expect(list.body.api_keys).toEqual(list.body.keys);
    expect(JSON.stringify(list.body)).not.toContain(key.key);
    expect(list.headers.get('x-ratelimit-limit')).not.toBeNull();

    expect((await api.call('DELETE', `/api/v1/api-keys/${key.id}`, { token: reader.token })).status).toBe(404);
    expect((await api.call('GET', `/api/v1/api-keys?user_id=${dev.id}`, { token: reader.token })).status).toBe(403);

    const rotated = await api.call('POST', '/api/v1/api-keys/rotate', { token: dev.token, json: { current_key: key.key, new_name: 'ci-2' } });
    expect(rotated.status).toBe(201);
    expect((await api.call('GET', '/api/v1/api-keys', { apiKey: key.key })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/api-keys', { apiKey: rotated.body.key })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/api-keys/rotate', { token: reader.token, json: { current_key: rotated.body.key } })).status).toBe(404);

    const revoke = await api.call('DELETE', `/api/v1/api-keys/${rotated.body.id}`, { token: dev.token });
    expect(revoke.body).toEqual({ success: true, message: 'API key revoked' });
    expect((await api.call('GET', '/api/v1/api-keys', { apiKey: rotated.body.key })).status).toBe(401);
    const withRevoked = await api.call('GET', '/api/v1/api-keys?include_revoked=true', { token: dev.token });
    expect(withRevoked.body.keys.map((k: Json) => k.id)).toContain(rotated.body.id);
  });

  it('both credentials: same principal passes, different principals 401', async () => {
    const key = (await api.call('POST', '/api/v1/api-keys', { token: dev.token, json: { name: 'both' } })).body.key;
    expect((await api.call('GET', '/api/v1/api-keys', { token: dev.token, apiKey: key })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/api-keys', { token: reader.token, apiKey: key })).status).toBe(401);
  });

  it('users: CRUD, roles, self vs admin, weak password 400 with violations, duplicates 409', async () => {
    const weak = await api.call('POST', '/api/v1/users', { token: admin, json: { username: `weak_${suffix}`, email: `weak_${suffix}@example.com`, password: 'password' } });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('weak_password');
    expect(weak.body.violations).toEqual(expect.arrayContaining(['min_length', 'uppercase', 'digit', 'special']));
    const dup = await api.call('POST', '/api/v1/users', { token: admin, json: { username: dev.username, email: `x_${suffix}@example.com`, password: 'Un1que!Passw0rd#x' } });
    expect(dup.status).toBe(409);
    const noEmail = await api.call('POST', '/api/v1/users', { token: admin, json: { username: `sdkstyle_${suffix}`, password: 'Un1que!Passw0rd#x', roles: ['Read'] } });
    expect(noEmail.status).toBe(201);
    expect(noEmail.body).toEqual(expect.objectContaining({ email: '', roles: ['Read'] }));
    const noEmailToo = await api.call('POST', '/api/v1/users', { token: admin, json: { username: `sdkstyle2_${suffix}`, password: 'Un1que!Passw0rd#x' } });
    expect(noEmailToo.status).toBe(201);

    const carol = await makeUser(`carol_${suffix}`, ['Read']);
    expect((await api.call('GET', `/api/v1/users/${carol.id}`, { token: carol.token })).status).toBe(200);
    expect((await api.call('GET', `/api/v1/users/${dev.id}`, { token: carol.token })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/users', { token: carol.token })).status).toBe(403);
    const page = await api.call('GET', '/api/v1/users?limit=2', { token: admin });
    expect(page.body.users).toHaveLength(2);
    expect(typeof page.body.next_cursor).toBe('string');

    const wrongCurrent = await api.call('PUT', `/api/v1/users/${carol.id}`, { token: carol.token, json: { password: 'N3w!Passw0rd#Carol', current_password: 'nope' } });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.code).toBe('invalid_current_password');
    expect((await api.call('PUT', `/api/v1/users/${carol.id}`, { token: carol.token, json: { is_active: false } })).status).toBe(403);
    expect((await api.call('PUT', `/api/v1/users/${carol.id}`, { token: carol.token, json: { roles: ['Admin'] } })).status).toBe(403);

    const reset = await api.call('PUT', `/api/v1/users/${carol.id}`, { token: admin, json: { password: 'Res3t!Passw0rd#Carol', roles: ['Developer'] } });
    expect(reset.status).toBe(200);
    expect(reset.body.roles).toEqual(['Developer']);
    await waitFor(async () => (await api.call('GET', `/api/v1/users/${carol.id}`, { token: carol.token })).status === 401, { timeoutMs: 15_000, message: 'password change revokes tokens' });
    const relogged = await api.login(carol.username, 'Res3t!Passw0rd#Carol');
    const roles = await api.call('PUT', `/api/v1/users/${carol.id}/roles`, { token: admin, json: { roles: ['Agent'] } });
    expect(roles.body.roles).toEqual(['Agent']);
    await waitFor(async () => (await api.call('GET', `/api/v1/users/${carol.id}`, { token: relogged.access_token })).status === 401, { timeoutMs: 15_000, message: 'role change revokes tokens' });

    expect((await api.call('DELETE', `/api/v1/users/${carol.id}`, { token: dev.token })).status).toBe(403);
    const del = await api.call('DELETE', `/api/v1/users/${carol.id}`, { token: admin });
    expect(del.body).toEqual({ success: true, message: 'User deleted' });
    expect((await api.call('DELETE', `/api/v1/users/${carol.id}`, { token: admin })).status).toBe(404);
  });

  it('custom roles: an auditor role reads the audit log and nothing else; deleting it takes the access away', async () => {
    const role = `auditor_${suffix}`;
    const defined = await api.call('PUT', `/api/v1/roles/${role}`, { token: admin, json: { permissions: ['AuditRead'] } });
    expect(defined.status).toBe(200);
    expect(defined.body).toEqual({ name: role, permissions: ['AuditRead'], built_in: false });
    expect((await api.call('GET', '/api/v1/roles', { token: admin })).body.roles).toEqual(expect.arrayContaining([expect.objectContaining({ name: role, built_in: false })]));
    const auditor = await makeUser(`aud_${suffix}`, [role]);
    expect((await api.call('GET', '/api/v1/audit-logs?limit=1', { token: auditor.token })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/users', { token: auditor.token })).status).toBe(403);
    expect((await api.call('PUT', '/api/v1/roles/Admin', { token: admin, json: { permissions: ['AuditRead'] } })).status).toBe(400);
    expect((await api.call('DELETE', `/api/v1/roles/${role}`, { token: admin })).body).toEqual({ success: true, message: 'Role deleted' });
    // The edge's role table follows role_deleted: the same token now grants nothing.
    await waitFor(async () => (await api.call('GET', '/api/v1/audit-logs?limit=1', { token: auditor.token })).status === 403, { timeoutMs: 5000, message: 'role deletion applied' });
    expect((await api.call('DELETE', `/api/v1/roles/${role}`, { token: admin })).status).toBe(404);
  });

  it('non-admin on admin routes: 403, and the denial reaches the audit trail via security.access.v1', async () => {
    for (const [method, path] of [['GET', '/api/v1/users'], ['GET', '/api/v1/audit-logs'], ['GET', '/api/v1/rate-limits'], ['GET', '/api/v1/lockouts']]) {
      const reply = await api.call(method as string, path as string, { token: reader.token });
      expect(reply.status).toBe(403);
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    const events = await waitFor(async () => {
      const found = (await auditEvents(`event_type=permission_denied&user_id=${reader.id}`)).filter((e) => e.resource === '/api/v1/users');
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 20_000, message: 'permission_denied in audit' });
    expect(events[0]).toEqual(expect.objectContaining({ result: 'forbidden', user_id: reader.id, username: reader.username, ip_address: '127.0.0.1' }));
    // Each denial is its own audit event, with its own request id (contract section 4).
    const requestIds: Array<string | null> = [];
    for (let i = 0; i < 3; i += 1) {
      const reply = await api.call('GET', '/api/v1/rate-limits', { token: reader.token });
      expect(reply.status).toBe(403);
      requestIds.push(reply.headers.get('x-request-id'));
    }
    await waitFor(async () => {
      const seen = new Set((await auditEvents(`event_type=permission_denied&user_id=${reader.id}`)).map((e) => e.metadata?.request_id));
      return requestIds.every((id) => seen.has(id)) || undefined;
    }, { timeoutMs: 20_000, message: 'one permission_denied event per denial' });
  });

  it('a burst of 100 parallel wrong passwords on one account is answered 401/429, never 503', async () => {
    const target = await makeUser(`burst_${suffix}`, ['Read']);
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => api.call('POST', '/api/v1/auth/login', { json: { username: target.username, password: 'Wrong-Password-1!' } })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    // Other accounts are unaffected: no circuit breaker opened on the way.
    expect((await api.call('POST', '/api/v1/auth/login', { json: { username: dev.username, password: dev.password } })).status).toBe(200);
  });

  it('rate limit: a Custom policy gives 429 with the headers and body; the limit applies at once', async () => {
    const policy = await api.call('POST', '/api/v1/rate-limits', {
      token: admin, json: { name: `lockouts-${suffix}`, endpoint_type: { Custom: '/api/v1/lockouts' }, max_requests: 2, window_secs: 3600, enabled: true },
    });
    expect(policy.status).toBe(201);
    expect(policy.body.endpoint_type).toEqual({ Custom: '/api/v1/lockouts' });
    const replies = [];
    for (let i = 0; i < 3; i += 1) replies.push(await api.call('GET', '/api/v1/lockouts', { token: admin }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
    const limited = replies[2] as Reply;
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-policy')).toBe(`"lockouts-${suffix}";q=2;w=3600`);
    expect(limited.headers.get('ratelimit')).toMatch(new RegExp(`^"lockouts-${suffix}";r=0;t=\\d+$`));
    expect(limited.body).toEqual(expect.objectContaining({ error: 'Too Many Requests', limit: 2, remaining: 0, reset_in_seconds: expect.any(Number) }));
    const list = await api.call('GET', '/api/v1/rate-limits', { token: admin });
    expect(list.body.policies.map((p: Json) => p.id)).toContain(policy.body.id);
    const updated = await api.call('PUT', `/api/v1/rate-limits/${policy.body.id}`, { token: admin, json: { max_requests: 50 } });
    expect(updated.body.max_requests).toBe(50);
    expect((await api.call('GET', '/api/v1/lockouts', { token: admin })).status).toBe(200);
    expect((await api.call('DELETE', `/api/v1/rate-limits/${policy.body.id}`, { token: admin })).body).toEqual({ success: true, message: 'Rate limit policy deleted' });
    expect((await api.call('GET', `/api/v1/rate-limits/${policy.body.id}`, { token: admin })).status).toBe(404);
    const bad = await api.call('POST', '/api/v1/rate-limits', { token: admin, json: { name: 'x', endpoint_type: 'Everything', max_requests: 1, window_secs: 1, enabled: true } });
    expect(bad.status).toBe(400);
  });

  it('bad requests: malformed JSON 400, oversized 413, wrong content type 415, operator injection 400', async () => {
    const malformed = await api.call('POST', '/api/v1/auth/login', { rawBody: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
    const huge = await api.call('POST', '/api/v1/users', { token: admin, json: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    const form = await api.call('POST', '/api/v1/auth/login', { rawBody: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const injections: Array<[string, string, Json]> = [
      ['POST', '/api/v1/auth/login', { username: { $ne: null }, password: { $ne: null } }],
      ['POST', '/api/v1/auth/refresh', { refresh_token: { $gt: '' } }],
      ['POST', '/api/v1/auth/revoke', { token: { $ne: null } }],
      ['POST', '/api/v1/auth/revoke-all', { user_id: { $ne: null } }],
      ['POST', '/api/v1/users', { username: { $ne: null }, email: { $ne: null }, password: { $ne: null }, roles: [{ $ne: null }] }],
      ['PUT', `/api/v1/users/${dev.id}`, { email: { $ne: null } }],
      ['PUT', `/api/v1/users/${dev.id}/roles`, { roles: { $ne: null } }],
      ['POST', '/api/v1/api-keys', { name: { $ne: null } }],
      ['POST', '/api/v1/api-keys/rotate', { current_key: { $ne: null } }],
      ['POST', '/api/v1/rate-limits', { name: { $ne: null }, endpoint_type: { $ne: null }, max_requests: { $gt: 0 }, window_secs: 1, enabled: true }],
      ['POST', `/api/v1/lockouts/${dev.username}/lock`, { reason: { $ne: null } }],
    ];
    for (const [method, path, json] of injections) {
      const reply = await api.call(method, path, { token: admin, json });
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
    }
    const query = await api.call('GET', '/api/v1/audit-logs?username[$ne]=x', { token: admin });
    expect(query.status).toBe(400);
  });

  it('audit: filters, newest first, unknown values 400, cursor paging, verify', async () => {
    const page = await api.call('GET', '/api/v1/audit-logs?limit=2&event_type=login', { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.events.every((e: Json) => e.event_type === 'login')).toBe(true);
    expect(page.body.count).toBe(page.body.events.length);
    const [a, b] = page.body.events;
    if (a && b) expect(a.timestamp >= b.timestamp).toBe(true);
    if (page.body.next_cursor) {
      const next = await api.call('GET', `/api/v1/audit-logs?limit=2&event_type=login&cursor=${encodeURIComponent(page.body.next_cursor)}`, { token: admin });
      expect(next.status).toBe(200);
    }
    expect((await api.call('GET', '/api/v1/audit-logs?result=unauthorized&limit=100', { token: admin })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/audit-logs?event_type=bogus', { token: admin })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/audit-logs?unknown=1', { token: admin })).status).toBe(400);
    expect((await api.call('GET', '/api/v1/audit-logs?limit=5000', { token: admin })).body.limit).toBe(1000);
    const verify = await api.call('GET', '/api/v1/audit-logs/verify', { token: admin });
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual(expect.objectContaining({ ok: true, first_broken: null, checked: expect.any(Number) }));
  });
});

type Reply = Awaited<ReturnType<Api['call']>>;
