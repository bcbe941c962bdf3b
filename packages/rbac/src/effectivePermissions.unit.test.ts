import { BUILT_IN_ROLES, PERMISSIONS, effectivePermissions, hasPermission } from './index';

describe('RBAC', () => {
  it('has the 34 QilbeeDB permissions, all granted to Admin', () => {
    expect(PERMISSIONS).toHaveLength(34);
    expect(new Set(BUILT_IN_ROLES.Admin).size).toBe(34);
  });

  it('grants Developers data operations but not user management', () => {
    expect(hasPermission(['Developer'], 'GraphCreate')).toBe(true);
    expect(hasPermission(['Developer'], 'UserCreate')).toBe(false);
  });

  it('keeps Read read-only', () => {
    expect(hasPermission(['Read'], 'GraphRead')).toBe(true);
    expect(hasPermission(['Read'], 'GraphCreate')).toBe(false);
  });

  it('unions built-in and custom roles, and unknown roles grant nothing', () => {
    const custom = new Map([['viewer', ['AuditRead'] as const]]);
    const granted = effectivePermissions(['Read', 'viewer', 'nonexistent'], custom);
    expect(granted.has('AuditRead')).toBe(true);
    expect(granted.has('GraphRead')).toBe(true);
    expect(granted.has('UserCreate')).toBe(false);
  });
});
