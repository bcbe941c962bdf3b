import { bearer, startEdge, USER_PASSWORD, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('lockout routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const admin = () => bearer(edge.admin.token);

  it('status of a never-seen username is the default unlocked status (not 404)', async () => {
    const res = await edge.fetch('/api/v1/lockouts/nobody', { headers: admin() });
    expect(await res.json()).toEqual({
      username: 'nobody',
      status: { locked: false, failed_attempts: 0, remaining_attempts: 5, lockout_expires: null, lockout_remaining_seconds: null, lockout_count: 0, lockout_reason: null },
    });
  });

  it('lock (manual, no expiry) -> listed as [username, status] -> login 429 -> unlock -> login works', async () => {
    const lock = await edge.fetch('/api/v1/lockouts/alice/lock', { method: 'POST', headers: admin(), json: { reason: 'investigation' } });
    expect(lock.status).toBe(200);
    expect(await lock.json()).toEqual(expect.objectContaining({ success: true, message: "Account 'alice' has been locked" }));
    const list = await (await edge.fetch('/api/v1/lockouts', { headers: admin() })).json();
    expect(list.count).toBe(1);
    expect(list.locked_users[0][0]).toBe('alice');
    expect(list.locked_users[0][1]).toEqual(expect.objectContaining({ locked: true, lockout_expires: null, lockout_remaining_seconds: null, lockout_reason: 'investigation' }));
    expect((await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } })).status).toBe(429);
    const unlock = await edge.fetch('/api/v1/lockouts/alice', { method: 'DELETE', headers: admin() });
    expect(await unlock.json()).toEqual({ success: true, message: "Account 'alice' has been unlocked" });
    expect((await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: USER_PASSWORD } })).status).toBe(200);
  });

  it('lock with no body works (reason optional)', async () => {
    const res = await edge.fetch('/api/v1/lockouts/alice/lock', { method: 'POST', headers: { ...admin(), 'content-length': '0' } });
    expect(res.status).toBe(200);
  });

  it('unlocking a username without a record is 404 with a JSON body (the SDK returns it)', async () => {
    const res = await edge.fetch('/api/v1/lockouts/ghost', { method: 'DELETE', headers: admin() });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(expect.objectContaining({ success: false, error: "No lockout record found for user 'ghost'" }));
  });

  it('non-admins get 403 on every lockout route', async () => {
    const user = bearer(edge.user.token);
    expect((await edge.fetch('/api/v1/lockouts', { headers: user })).status).toBe(403);
    expect((await edge.fetch('/api/v1/lockouts/alice/lock', { method: 'POST', headers: user, json: {} })).status).toBe(403);
    expect((await edge.fetch('/api/v1/lockouts/alice', { method: 'DELETE', headers: user })).status).toBe(403);
  });
});
