import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { isSelf, requirePermission, type Actor } from '../actor';
import { commit } from '../commit';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { emailReservations, releaseAll } from './reservations';
import { requireUser } from './userView';

/**
 * Deletion is a tombstone event. The username stays reserved forever so that the audit trail
 * never names two people; the email is released so its owner can register again.
 */
export async function deleteUser(deps: IdentityDeps, actor: Actor, ctx: CallContext, userId: string): Promise<void> {
  requirePermission(actor, 'UserDelete');
  if (isSelf(actor, userId)) throw new DomainError('permission_denied', 'You cannot delete yourself', 'cannot_delete_self');
  const user = await requireUser(deps, userId);
  await commit(deps, {
    streamId: userStreamId(userId),
    decider: userDecider,
    command: { type: 'DeleteUser', atMs: deps.clock.nowMs() },
    projection: deps.users,
    ctx,
    publicEvent: () => ({
      eventType: 'user_deleted',
      action: 'delete_user',
      subject: userId,
      resource: `user:${userId}`,
      metadata: { target_user_id: userId, target_username: user.username, is_active: false },
    }),
  });
  deps.cache.invalidateUser(userId);
  await releaseAll(deps, emailReservations(user.email), userId);
}
