import { BUILT_IN_ROLES, BUILT_IN_ROLE_NAMES } from '@qilbee/rbac';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { requirePermission, type Actor } from '../actor';
import { commit } from '../commit';
import { roleDecider, roleStreamId } from '../../domain/role/roleDecider';

export interface RoleView {
  name: string;
  permissions: string[];
  builtIn: boolean;
}

/** Defines or redefines a custom role. Cached API-key principals are dropped: permissions moved. */
export async function defineRole(deps: IdentityDeps, actor: Actor, ctx: CallContext, name: string, permissions: string[]): Promise<RoleView> {
  requirePermission(actor, 'UserManageRoles');
  const { state } = await commit(deps, {
    streamId: roleStreamId(name),
    decider: roleDecider,
    command: { type: 'DefineRole', name, permissions, atMs: deps.clock.nowMs() },
    projection: deps.roles,
    ctx,
    publicEvent: (events) => ({
      eventType: 'role_defined',
      action: 'define_role',
      subject: name,
      resource: `role:${name}`,
      metadata: { role: name, permissions: events[0]?.type === 'RoleDefined' ? events[0].data.permissions : [] },
    }),
  });
  deps.cache.clear();
  return { name, permissions: state.stage === 'Defined' ? state.permissions : [], builtIn: false };
}

/** Users keep the role name; it simply grants nothing until defined again. */
export async function deleteRole(deps: IdentityDeps, actor: Actor, ctx: CallContext, name: string): Promise<void> {
  requirePermission(actor, 'UserManageRoles');
  await commit(deps, {
    streamId: roleStreamId(name),
    decider: roleDecider,
    command: { type: 'DeleteRole', name, atMs: deps.clock.nowMs() },
    projection: deps.roles,
    ctx,
    publicEvent: () => ({ eventType: 'role_deleted', action: 'delete_role', subject: name, resource: `role:${name}`, metadata: { role: name } }),
  });
  deps.cache.clear();
}

export async function listRoles(deps: IdentityDeps): Promise<RoleView[]> {
  const builtIn = BUILT_IN_ROLE_NAMES.map((name) => ({ name, permissions: [...BUILT_IN_ROLES[name]], builtIn: true }));
  const custom = (await deps.roles.list()).map((role) => ({ name: role.name, permissions: [...role.permissions], builtIn: false }));
  return [...builtIn, ...custom.sort((a, b) => a.name.localeCompare(b.name))];
}
