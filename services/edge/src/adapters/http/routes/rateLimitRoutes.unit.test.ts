import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('rate-limit policy routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const admin = () => bearer(edge.admin.token);
  const create = (json: unknown) => edge.fetch('/api/v1/rate-limits', { method: 'POST', headers: admin(), json });

  it('create (string and Custom endpoint types) 201, list, get, update subset, delete 200', async () => {
    const res = await create({ name: 'gen', endpoint_type: 'GeneralApi', max_requests: 1000, window_secs: 3600, enabled: true });
    expect(res.status).toBe(201);
    const policy = await res.json();
    expect(policy).toEqual(expect.objectContaining({ name: 'gen', endpoint_type: 'GeneralApi', max_requests: 1000, window_secs: 3600, enabled: true }));
    const custom = await (await create({ name: 'graphs', endpoint_type: { Custom: '/graphs' }, max_requests: 10, window_secs: 60, enabled: true })).json();
    expect(custom.endpoint_type).toEqual({ Custom: '/graphs' });
    const list = await (await edge.fetch('/api/v1/rate-limits', { headers: admin() })).json();
    expect(list.policies).toHaveLength(2);
    expect((await edge.fetch(`/api/v1/rate-limits/${policy.id}`, { headers: admin() })).status).toBe(200);
    const updated = await (await edge.fetch(`/api/v1/rate-limits/${policy.id}`, { method: 'PUT', headers: admin(), json: { max_requests: 5 } })).json();
    expect(updated.max_requests).toBe(5);
    const del = await edge.fetch(`/api/v1/rate-limits/${policy.id}`, { method: 'DELETE', headers: admin() });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ success: true, message: 'Rate limit policy deleted' });
    expect((await edge.fetch(`/api/v1/rate-limits/${policy.id}`, { headers: admin() })).status).toBe(404);
  });

  it('invalid endpoint_type values and missing fields are 400', async () => {
    for (const endpoint_type of ['Nope', { Custom: 'no-slash' }, { Other: '/x' }, 5]) {
      const res = await create({ name: 'x', endpoint_type, max_requests: 1, window_secs: 1, enabled: true });
      expect(res.status).toBe(400);
      const fields: string[] = (await res.json()).errors.map((e: { field: string }) => e.field);
      expect(fields.some((f) => f.startsWith('endpoint_type'))).toBe(true);
    }
    expect((await create({ name: 'x' })).status).toBe(400);
  });

  it('non-admins get 403', async () => {
    expect((await edge.fetch('/api/v1/rate-limits', { headers: bearer(edge.user.token) })).status).toBe(403);
  });
});
