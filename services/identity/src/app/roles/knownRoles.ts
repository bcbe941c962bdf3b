import { DomainError } from '@qilbee/kernel';
import { isBuiltInRole } from '@qilbee/rbac';
import type { IdentityDeps } from '../deps';

/** The roles among these that neither are built in nor have been defined. */
export async function unknownRolesOf(deps: IdentityDeps, roles: string[]): Promise<string[]> {
  const custom = new Set((await deps.roles.list()).map((role) => role.name));
  return roles.filter((role) => !isBuiltInRole(role) && !custom.has(role));
}

export function unknownRoleError(unknown: string[]): DomainError {
  return new DomainError('invalid_argument', `Unknown roles: ${unknown.join(', ')}`, 'unknown_role', unknown.map((role) => ({ field: 'roles', message: `unknown role ${role}` })));
}

/** Users may only be given roles that exist: a typo must not silently grant nothing. */
export async function assertRolesExist(deps: IdentityDeps, roles: string[]): Promise<void> {
  const unknown = await unknownRolesOf(deps, roles);
  if (unknown.length > 0) throw unknownRoleError(unknown);
}
