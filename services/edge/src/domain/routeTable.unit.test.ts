import { ROUTES } from './routeTable';

describe('route permission table', () => {
  const byId = new Map(ROUTES.map((r) => [r.id, r]));

  it('has unique ids and unique method+path pairs', () => {
    expect(byId.size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });

  it('guards every admin route with a specific permission, never a role', () => {
    const expected: Record<string, string> = {
      'auth.revokeAll': 'UserUpdate',
      'users.create': 'UserCreate',
      'users.list': 'UserRead',
      'users.delete': 'UserDelete',
      'users.assignRoles': 'UserManageRoles',
      'lockouts.list': 'UserRead',
      'lockouts.lock': 'UserUpdate',
      'lockouts.unlock': 'UserUpdate',
      'rateLimits.create': 'SystemConfigure',
      'rateLimits.delete': 'SystemConfigure',
      'audit.query': 'AuditRead',
      'audit.verify': 'AuditRead',
    };
    for (const [id, permission] of Object.entries(expected)) expect(byId.get(id)?.access).toEqual({ kind: 'permission', permission });
  });

  it('leaves only login, refresh, revoke, jwks, health, ready and openapi public', () => {
    const open = ROUTES.filter((r) => r.access.kind === 'public').map((r) => r.id).sort();
    expect(open).toEqual(['auth.jwks', 'auth.login', 'auth.refresh', 'auth.revoke', 'ops.health', 'ops.openapi', 'ops.ready']);
  });

  it('never rate-limits health, readiness or metrics', () => {
    expect(ROUTES.filter((r) => !r.rateLimited).map((r) => r.id).sort()).toEqual(['ops.health', 'ops.metrics', 'ops.ready']);
  });
});
