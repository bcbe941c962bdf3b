import { BUILT_IN_ROLES, isBuiltInRole } from './builtInRoles';
import type { Permission } from './permissions';

/** Custom roles by name: a named permission set defined at run time. */
export type CustomRoles = ReadonlyMap<string, readonly Permission[]>;

/** The union of the permissions of every role; unknown role names grant nothing. */
export function effectivePermissions(roles: readonly string[], customRoles: CustomRoles = new Map()): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    const permissions = isBuiltInRole(role) ? BUILT_IN_ROLES[role] : customRoles.get(role);
    for (const permission of permissions ?? []) granted.add(permission);
  }
  return granted;
}

export function hasPermission(roles: readonly string[], permission: Permission, customRoles?: CustomRoles): boolean {
  return effectivePermissions(roles, customRoles).has(permission);
}
