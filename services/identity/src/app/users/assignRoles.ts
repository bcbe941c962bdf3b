import { DomainError } from '@qilbee/kernel';
import { effectivePermissions } from '@qilbee/rbac';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { isSelf, requirePermission, type Actor } from '../actor';
import { commit } from '../commit';
import { customRoles } from '../principals';
import { assertRolesExist } from '../roles/knownRoles';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { asLiving, requireUser, viewOf, type UserView } from './userView';

export async function assignRoles(deps: IdentityDeps, actor: Actor, ctx: CallContext, userId: string, requested: string[]): Promise<UserView> {
  requirePermission(actor, 'UserManageRoles');
  const roles = [...new Set(requested)];
  await assertRolesExist(deps, roles);
  // The last admin must not lock everyone out by demoting themselves.
  if (isSelf(actor, userId) && !effectivePermissions(roles, await customRoles(deps)).has('UserManageRoles')) {
    throw new DomainError('permission_denied', 'You cannot remove your own role-management permission', 'cannot_demote_self');
  }
  await requireUser(deps, userId);
  const { state, events } = await commit(deps, {
    streamId: userStreamId(userId),
    decider: userDecider,
    command: { type: 'AssignRoles', roles, atMs: deps.clock.nowMs() },
    projection: deps.users,
    ctx,
    publicEvent: (decided) => {
      const change = decided.find((e) => e.type === 'UserRolesChanged');
      const previous = change?.type === 'UserRolesChanged' ? change.data.previousRoles : [];
      return {
        eventType: 'role_assigned',
        action: 'assign_roles',
        subject: userId,
        resource: `user:${userId}`,
        metadata: { target_user_id: userId, roles, previous_roles: previous },
      };
    },
  });
  if (events.length > 0) deps.cache.invalidateUser(userId);
  return viewOf(deps, asLiving(state));
}
