import { effectivePermissions, type CustomRoles, type Permission } from '@qilbee/rbac';
import type { IdentityDeps } from './deps';
import type { LivingUser } from './ports';

/** A user (or an API key acting for one) and what it may do right now. */
export interface Principal {
  userId: string;
  username: string;
  roles: string[];
  permissions: Permission[];
  isActive: boolean;
  apiKeyId: string;
}

export async function customRoles(deps: IdentityDeps): Promise<CustomRoles> {
  const defined = await deps.roles.list();
  return new Map(defined.map((role) => [role.name, role.permissions as Permission[]]));
}

export function principalOf(user: LivingUser, roles: CustomRoles): Principal {
  return {
    userId: user.userId,
    username: user.username,
    roles: [...user.roles],
    permissions: [...effectivePermissions(user.roles, roles)].sort(),
    isActive: user.stage === 'Active',
    apiKeyId: '',
  };
}

/** A key's permissions: its own subset (or all, when it names none) within its owner's current ones. */
export function narrowToKey(owner: Principal, keyId: string, keyPermissions: readonly string[]): Principal {
  const permissions = keyPermissions.length === 0 ? owner.permissions : owner.permissions.filter((p) => keyPermissions.includes(p));
  return { ...owner, permissions, apiKeyId: keyId };
}

export async function loadPrincipal(deps: IdentityDeps, userId: string): Promise<Principal | null> {
  const user = await deps.users.get(userId);
  if (!user) return null;
  return principalOf(user, await customRoles(deps));
}
