import { bearer, startEdge, USER_PASSWORD, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('auth routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());

  it('login: 200 with the QilbeeDB token fields', async () => {
    const res = await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(expect.objectContaining({ token_type: 'Bearer', username: 'alice', user_id: edge.user.id, expires_in: 3600, refresh_expires_in: 86400 }));
    expect(typeof body.access_token).toBe('string');
    expect(typeof body.refresh_token).toBe('string');
  });

  it('login: bad password is 401 with attempt counters; the fifth locks; then 429 with lockout fields', async () => {
    let last: Record<string, unknown> = {};
    for (let i = 1; i <= 5; i += 1) {
      const res = await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: 'wrong' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      last = await res.json();
      expect(last.failed_attempts).toBe(i);
    }
    expect(last).toEqual(expect.objectContaining({ remaining_attempts: 0, locked: true }));
    expect(typeof last.lockout_remaining_seconds).toBe('number');
    const locked = await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(await locked.json()).toEqual(
      expect.objectContaining({ error: 'Account locked due to too many failed login attempts', locked: true, lockout_reason: null, code: 'account_locked' }),
    );
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('login: missing fields and operator injection are 400 naming each field', async () => {
    const res = await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: { $ne: null }, extra: 1 } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'password', 'username']);
    expect(body.errors.find((e: { field: string }) => e.field === 'username').message).toBe('expected string, got object');
  });

  it('logout: bodiless POST with a Bearer is 200, then the token is refused', async () => {
    const login = await (await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } })).json();
    const headers = { ...bearer(login.access_token), 'content-length': '0' };
    const out = await edge.fetch('/api/v1/auth/logout', { method: 'POST', headers });
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ success: true });
    const again = await edge.fetch('/api/v1/api-keys', { headers: bearer(login.access_token) });
    expect(again.status).toBe(401);
    expect((await again.json()).code).toBe('token_revoked');
  });

  it('refresh: passes the Bearer access token along and rotates; reuse is 401', async () => {
    const login = await (await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } })).json();
    const first = await edge.fetch('/api/v1/auth/refresh', { method: 'POST', headers: bearer(login.access_token), json: { refresh_token: login.refresh_token } });
    expect(first.status).toBe(200);
    expect(edge.auth.lastRefreshRequest?.accessToken).toBe(login.access_token);
    const reused = await edge.fetch('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: login.refresh_token } });
    expect(reused.status).toBe(401);
    expect((await reused.json()).code).toBe('refresh_token_reused');
  });

  it('revoke: 200 with jti for our token, 400 for garbage; the revoked token stops working at once', async () => {
    const ok = await edge.fetch('/api/v1/auth/revoke', { method: 'POST', json: { token: edge.user.token } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toEqual({ success: true, message: 'Token revoked successfully', jti: expect.any(String) });
    expect((await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) })).status).toBe(401);
    const garbage = await edge.fetch('/api/v1/auth/revoke', { method: 'POST', json: { token: 'not-a-token' } });
    expect(garbage.status).toBe(400);
  });

  it('revoke-all: admin only; 400 for a non-UUID; revokes older tokens of the user', async () => {
    const denied = await edge.fetch('/api/v1/auth/revoke-all', { method: 'POST', headers: bearer(edge.user.token), json: { user_id: edge.user.id } });
    expect(denied.status).toBe(403);
    const bad = await edge.fetch('/api/v1/auth/revoke-all', { method: 'POST', headers: bearer(edge.admin.token), json: { user_id: 'nope' } });
    expect(bad.status).toBe(400);
    const oldToken = await edge.auth.sign({ sub: edge.user.id, username: 'alice', roles: ['Read'] }, { iatSeconds: Math.floor(Date.now() / 1000) - 5 });
    const ok = await edge.fetch('/api/v1/auth/revoke-all', { method: 'POST', headers: bearer(edge.admin.token), json: { user_id: edge.user.id, reason: 'security_incident' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ success: true, message: 'All tokens revoked for user', user_id: edge.user.id, previously_revoked_count: 0 });
    expect((await edge.fetch('/api/v1/api-keys', { headers: bearer(oldToken) })).status).toBe(401);
  });

  it('jwks: serves the key set publicly', async () => {
    const res = await edge.fetch('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect((await res.json()).keys[0].kid).toBe(edge.auth.kid);
  });
});
