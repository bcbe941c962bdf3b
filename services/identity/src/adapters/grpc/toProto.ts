import { identityV1 } from '@qilbee/contracts';
import type { UserView } from '../../app/users/userView';
import type { ApiKeyView } from '../../app/apiKeys/apiKeyView';
import type { Principal } from '../../app/principals';
import type { RoleView } from '../../app/roles/roleCommands';

/** App views to generated messages; RFC 3339 timestamps in one format everywhere. */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toProtoUser(user: UserView): identityV1.User {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    roles: user.roles,
    isActive: user.isActive,
    createdAt: iso(user.createdAtMs),
    updatedAt: iso(user.updatedAtMs),
    lastLogin: user.lastLoginMs === null ? undefined : iso(user.lastLoginMs),
  };
}

export function toProtoApiKey(key: ApiKeyView): identityV1.ApiKey {
  return {
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    createdAt: iso(key.createdAtMs),
    expiresAt: key.expiresAtMs === null ? undefined : iso(key.expiresAtMs),
    lastUsed: key.lastUsedMs === null ? undefined : iso(key.lastUsedMs),
    isActive: key.isActive,
    permissions: key.permissions,
    userId: key.userId,
    status: key.status,
  };
}

export function toProtoPrincipal(principal: Principal): identityV1.Principal {
  return { ...principal, roles: [...principal.roles], permissions: [...principal.permissions] };
}

export function toProtoRole(role: RoleView): identityV1.Role {
  return { name: role.name, permissions: role.permissions, builtIn: role.builtIn };
}
