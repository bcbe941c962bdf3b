import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('role routes', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());
  const admin = () => bearer(edge.admin.token);

  it('define (PUT, idempotent), list with the built-in roles, delete; unknown role 404', async () => {
    const defined = await edge.fetch('/api/v1/roles/auditor', { method: 'PUT', headers: admin(), json: { permissions: ['AuditRead'] } });
    expect(defined.status).toBe(200);
    expect(await defined.json()).toEqual({ name: 'auditor', permissions: ['AuditRead'], built_in: false });
    const list = await (await edge.fetch('/api/v1/roles', { headers: admin() })).json();
    expect(list.roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['Admin', 'Read', 'auditor']));
    const deleted = await edge.fetch('/api/v1/roles/auditor', { method: 'DELETE', headers: admin() });
    expect(await deleted.json()).toEqual({ success: true, message: 'Role deleted' });
    expect((await edge.fetch('/api/v1/roles/auditor', { method: 'DELETE', headers: admin() })).status).toBe(404);
  });

  it('bad input is 400 naming the field; built-in roles cannot change; non-admins get 403', async () => {
    const noPermissions = await edge.fetch('/api/v1/roles/auditor', { method: 'PUT', headers: admin(), json: { permissions: [] } });
    expect(noPermissions.status).toBe(400);
    expect(JSON.stringify(await noPermissions.json())).toContain('permissions');
    expect((await edge.fetch('/api/v1/roles/a%20b', { method: 'PUT', headers: admin(), json: { permissions: ['AuditRead'] } })).status).toBe(400);
    expect((await edge.fetch('/api/v1/roles/Admin', { method: 'PUT', headers: admin(), json: { permissions: ['AuditRead'] } })).status).toBe(400);
    expect((await edge.fetch('/api/v1/roles/auditor', { method: 'PUT', headers: bearer(edge.user.token), json: { permissions: ['AuditRead'] } })).status).toBe(403);
    expect((await edge.fetch('/api/v1/roles', { headers: bearer(edge.user.token) })).status).toBe(403);
  });
});
