import { ADMIN_PASSWORD, bearer, startEdge, USER_PASSWORD, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('user routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const asAdmin = bearer.bind(null);

  it('create: 201 with the user JSON; roles persisted; email optional (SDK style); duplicate 409', async () => {
    const noEmail = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'sdkstyle', password: 'B0b!Passw0rd#Long' } });
    expect(noEmail.status).toBe(201);
    expect(await noEmail.json()).toEqual(expect.objectContaining({ username: 'sdkstyle', email: '', roles: ['Read'] }));
    const res = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'bob', email: 'bob@example.com', password: 'B0b!Passw0rd#Long', roles: ['Developer'] } });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toEqual(expect.objectContaining({ username: 'bob', roles: ['Developer'], is_active: true, last_login: null }));
    const dup = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'bob', email: 'b@example.com', password: 'B0b!Passw0rd#Long' } });
    expect(dup.status).toBe(409);
    expect((await dup.json()).code).toBe('duplicate_username');
  });

  it('create: a weak password is 400 with rule ids in violations (never 500)', async () => {
    const res = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'carol', email: 'c@example.com', password: 'short' } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('weak_password');
    expect(body.violations).toEqual(['min_length']);
  });

  it('create: a bad username and email with a weak password are refused once, naming all three', async () => {
    const res = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'd', email: 'bad', password: 'weak' } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['username', 'email', 'password']);
    expect(body.violations).toEqual(['min_length', 'uppercase', 'digit', 'special']);
  });

  it('create: operator injection and unknown members are 400 naming each field', async () => {
    const res = await edge.fetch('/api/v1/users', { method: 'POST', headers: asAdmin(edge.admin.token), json: { username: 'xavier', email: { $ne: null }, password: { $gt: '' }, is_admin: true } });
    expect(res.status).toBe(400);
    const fields = (await res.json()).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'is_admin', 'password']);
  });

  it('get: an id in upper case names the same user', async () => {
    const res = await edge.fetch(`/api/v1/users/${edge.user.id.toUpperCase()}`, { headers: asAdmin(edge.admin.token) });
    expect(res.status).toBe(200);
    expect((await res.json()).id).toBe(edge.user.id);
  });

  it('list and get: admin sees all; a user sees only self (403 otherwise); unknown id 404', async () => {
    const list = await (await edge.fetch('/api/v1/users?limit=10', { headers: asAdmin(edge.admin.token) })).json();
    expect(list.users.map((u: { username: string }) => u.username).sort()).toEqual(['admin', 'alice']);
    expect(list.next_cursor).toBeNull();
    expect((await edge.fetch(`/api/v1/users/${edge.user.id}`, { headers: bearer(edge.user.token) })).status).toBe(200);
    expect((await edge.fetch(`/api/v1/users/${edge.admin.id}`, { headers: bearer(edge.user.token) })).status).toBe(403);
    expect((await edge.fetch('/api/v1/users/00000000-0000-7000-8000-000000000000', { headers: asAdmin(edge.admin.token) })).status).toBe(404);
    expect((await edge.fetch('/api/v1/users?bogus=1', { headers: asAdmin(edge.admin.token) })).status).toBe(400);
  });

  it('update: self password change needs current_password (400 invalid_current_password)', async () => {
    const wrong = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'PUT', headers: bearer(edge.user.token), json: { password: 'N3w!Passw0rd#Long', current_password: 'nope' } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).code).toBe('invalid_current_password');
    const ok = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'PUT', headers: bearer(edge.user.token), json: { password: 'N3w!Passw0rd#Long', current_password: USER_PASSWORD } });
    expect(ok.status).toBe(200);
  });

  it('update: admin resets a password without current_password and sets roles (SDK update_user)', async () => {
    const res = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'PUT', headers: asAdmin(edge.admin.token), json: { password: 'R3set!Passw0rd#Long', roles: ['Developer'] } });
    expect(res.status).toBe(200);
    expect((await res.json()).roles).toEqual(['Developer']);
    expect(edge.identity.users.get(edge.user.id)?.password).toBe('R3set!Passw0rd#Long');
  });

  it('update: a user cannot change roles or is_active (403)', async () => {
    const roles = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'PUT', headers: bearer(edge.user.token), json: { roles: ['Admin'] } });
    expect(roles.status).toBe(403);
    const active = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'PUT', headers: bearer(edge.user.token), json: { is_active: false } });
    expect(active.status).toBe(403);
    expect(edge.identity.users.get(edge.user.id)?.user.roles).toEqual(['Read']);
  });

  it('roles and delete: admin only; delete answers 200 {success, message}; unknown 404', async () => {
    expect((await edge.fetch(`/api/v1/users/${edge.user.id}/roles`, { method: 'PUT', headers: bearer(edge.user.token), json: { roles: ['Admin'] } })).status).toBe(403);
    const roles = await edge.fetch(`/api/v1/users/${edge.user.id}/roles`, { method: 'PUT', headers: asAdmin(edge.admin.token), json: { roles: ['Agent', { Custom: 'auditor' }] } });
    expect((await roles.json()).roles).toEqual(['Agent', 'auditor']);
    expect((await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'DELETE', headers: bearer(edge.user.token) })).status).toBe(403);
    const del = await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'DELETE', headers: asAdmin(edge.admin.token) });
    expect(await del.json()).toEqual({ success: true, message: 'User deleted' });
    expect((await edge.fetch(`/api/v1/users/${edge.user.id}`, { method: 'DELETE', headers: asAdmin(edge.admin.token) })).status).toBe(404);
    expect(ADMIN_PASSWORD).toBeDefined();
  });
});
