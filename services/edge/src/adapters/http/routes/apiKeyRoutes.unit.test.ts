import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('API key routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const create = (token: string, json: unknown) => edge.fetch('/api/v1/api-keys', { method: 'POST', headers: bearer(token), json });

  it('create: 201 with the secret once; list: keys and api_keys (SDK 0.2.1 and 0.2.0), no secret', async () => {
    const res = await create(edge.user.token, { name: 'ci' });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toEqual(expect.objectContaining({ name: 'ci', expires_at: null, key: expect.stringMatching(/^qilbee_live_/) }));
    const list = await (await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) })).json();
    expect(list.keys).toHaveLength(1);
    expect(list.api_keys).toEqual(list.keys);
    expect(JSON.stringify(list)).not.toContain(created.key);
  });

  it('create: bad members are 400', async () => {
    const res = await create(edge.user.token, { name: { $ne: null }, expires_in_days: 0 });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { field: string }) => e.field).sort()).toEqual(['expires_in_days', 'name']);
  });

  it("delete: owner 200; another user's key id is 404 (not 403); the revoked key stops at once", async () => {
    const adminKey = await (await create(edge.admin.token, { name: 'admin-key' })).json();
    const probe = await edge.fetch(`/api/v1/api-keys/${adminKey.id}`, { method: 'DELETE', headers: bearer(edge.user.token) });
    expect(probe.status).toBe(404);
    expect((await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': adminKey.key } })).status).toBe(200);
    const del = await edge.fetch(`/api/v1/api-keys/${adminKey.id}`, { method: 'DELETE', headers: bearer(edge.admin.token) });
    expect(await del.json()).toEqual({ success: true, message: 'API key revoked' });
    const after = await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': adminKey.key } });
    expect(after.status).toBe(401);
    expect((await after.json()).code).toBe('api_key_revoked');
  });

  it('list: a non-admin asking for another user_id is 403; an admin may', async () => {
    expect((await edge.fetch(`/api/v1/api-keys?user_id=${edge.admin.id}`, { headers: bearer(edge.user.token) })).status).toBe(403);
    expect((await edge.fetch(`/api/v1/api-keys?user_id=${edge.user.id}`, { headers: bearer(edge.admin.token) })).status).toBe(200);
  });

  it('rotate: 201 with a new key; the old one stops at once; rotating a key you do not own is 404', async () => {
    const old = await (await create(edge.user.token, { name: 'svc' })).json();
    await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': old.key } });
    const res = await edge.fetch('/api/v1/api-keys/rotate', { method: 'POST', headers: bearer(edge.user.token), json: { current_key: old.key, new_name: 'svc-2' } });
    expect(res.status).toBe(201);
    const fresh = await res.json();
    expect(fresh.name).toBe('svc-2');
    expect((await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': old.key } })).status).toBe(401);
    expect((await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': fresh.key } })).status).toBe(200);
    const foreign = await edge.fetch('/api/v1/api-keys/rotate', { method: 'POST', headers: bearer(edge.admin.token), json: { current_key: fresh.key } });
    expect(foreign.status).toBe(404);
  });
});
