import { waitFor } from '@qilbee/testkit';
import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('authorization step', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());

  it('a permission from the route table: Read users get 403 on admin routes, with an access event', async () => {
    const res = await edge.fetch('/api/v1/users', { headers: bearer(edge.user.token) });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(expect.objectContaining({ code: 'permission_denied', required_permission: 'UserRead' }));
    const event = await waitFor(() => edge.audit.published.find((e) => e.fields.event_type === 'permission_denied'));
    expect(event.subject).toBe(edge.user.id);
    expect(event.fields).toEqual(expect.objectContaining({ user_id: edge.user.id, username: 'alice', result: 'forbidden', action: 'GET /api/v1/users', resource: '/api/v1/users' }));
  });

  it('the same routes pass for a holder of the permission', async () => {
    expect((await edge.fetch('/api/v1/users', { headers: bearer(edge.admin.token) })).status).toBe(200);
  });

  it('/metrics is open to loopback', async () => {
    const res = await edge.fetch('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('/metrics is closed to other addresses unless configured', async () => {
    const proxied = await startEdge({ trustedProxies: ['127.0.0.1'] });
    try {
      const res = await proxied.fetch('/metrics', { headers: { 'x-forwarded-for': '203.0.113.50' } });
      expect(res.status).toBe(403);
    } finally {
      await proxied.close();
    }
  });
});
