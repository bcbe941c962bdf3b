import { DomainError } from '@qilbee/kernel';
import { isBuiltInRole } from '@qilbee/rbac';
import type { IdentityDeps } from '../deps';

/** Users may only be given roles that exist: a typo must not silently grant nothing. */
export async function assertRolesExist(deps: IdentityDeps, roles: string[]): Promise<void> {
  const custom = new Set((await deps.roles.list()).map((role) => role.name));
  const unknown = roles.filter((role) => !isBuiltInRole(role) && !custom.has(role));
  if (unknown.length === 0) return;
  throw new DomainError('invalid_argument', `Unknown roles: ${unknown.join(', ')}`, 'unknown_role', unknown.map((role) => ({ field: 'roles', message: `unknown role ${role}` })));
}
