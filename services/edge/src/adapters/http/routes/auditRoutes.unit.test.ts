import { waitFor } from '@qilbee/testkit';
import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('audit routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const admin = () => bearer(edge.admin.token);

  it('query: the SDK shapes (limit always, result=forbidden, event_type=login_failed) are accepted', async () => {
    await edge.fetch('/api/v1/users', { headers: bearer(edge.user.token) });
    await waitFor(() => edge.audit.published.length > 0);
    const res = await edge.fetch('/api/v1/audit-logs?limit=100&result=forbidden', { headers: admin() });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page).toEqual(expect.objectContaining({ count: 1, limit: 100, next_cursor: null }));
    expect(page.events[0]).toEqual(expect.objectContaining({ event_type: 'permission_denied', result: 'forbidden', user_id: edge.user.id }));
    expect((await edge.fetch('/api/v1/audit-logs?limit=100&event_type=login_failed', { headers: admin() })).status).toBe(200);
    expect((await edge.fetch('/api/v1/audit-logs?limit=100&start_time=2026-01-01T00:00:00Z', { headers: admin() })).status).toBe(200);
  });

  it('query: limit above 1000 is capped; unknown values and parameters are 400', async () => {
    expect((await (await edge.fetch('/api/v1/audit-logs?limit=5000', { headers: admin() })).json()).limit).toBe(1000);
    for (const q of ['event_type=nope', 'result=maybe', 'start_time=yesterday', 'colour=red', 'limit=0', 'result=success&result=failure']) {
      expect((await edge.fetch(`/api/v1/audit-logs?${q}`, { headers: admin() })).status).toBe(400);
    }
  });

  it('verify: the integrity result', async () => {
    const res = await edge.fetch('/api/v1/audit-logs/verify', { headers: admin() });
    expect(await res.json()).toEqual({ ok: true, checked: 0, first_broken: null, from: null, to: null });
  });

  it('verify: incremental by default, the whole chain with full=true; other values are 400', async () => {
    await edge.fetch('/api/v1/audit-logs/verify', { headers: admin() });
    await edge.fetch('/api/v1/audit-logs/verify?full=true', { headers: admin() });
    expect(edge.audit.verifyRequests.map((r) => r.full)).toEqual([false, true]);
    expect((await edge.fetch('/api/v1/audit-logs/verify?full=yes', { headers: admin() })).status).toBe(400);
  });

  it('non-holders of AuditRead get 403', async () => {
    expect((await edge.fetch('/api/v1/audit-logs?limit=100', { headers: bearer(edge.user.token) })).status).toBe(403);
  });
});
