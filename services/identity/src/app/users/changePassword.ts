import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { isSelf, requirePermission, type Actor } from '../actor';
import { commit } from '../commit';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { assertFields, passwordLengthViolation } from '../../domain/user/userRules';
import { assertStrongPassword } from '@qilbee/password-policy';
import { asLiving, requireUser, viewOf, type UserView } from './userView';

export interface ChangePasswordInput {
  userId: string;
  newPassword: string;
  /** Required when actors change their own password (even admins). */
  currentPassword?: string;
}

async function checkCurrentPassword(deps: IdentityDeps, hash: string, currentPassword: string | undefined): Promise<void> {
  if (currentPassword === undefined || currentPassword === '') {
    throw new DomainError('invalid_argument', 'The current password is required', 'current_password_required', [{ field: 'current_password', message: 'required' }]);
  }
  if (!(await deps.passwords.verify(hash, currentPassword))) {
    throw new DomainError('invalid_argument', 'The current password is wrong', 'invalid_current_password', [{ field: 'current_password', message: 'does not match' }]);
  }
}

export async function changePassword(deps: IdentityDeps, actor: Actor, ctx: CallContext, input: ChangePasswordInput): Promise<UserView> {
  const self = isSelf(actor, input.userId);
  if (!self) requirePermission(actor, 'UserUpdate');
  assertFields([passwordLengthViolation(input.newPassword)]);
  const user = await requireUser(deps, input.userId);
  if (self) await checkCurrentPassword(deps, user.passwordHash, input.currentPassword);
  assertStrongPassword(input.newPassword, user.username, deps.blocklist);
  const passwordHash = await deps.passwords.hash(input.newPassword);
  const { state } = await commit(deps, {
    streamId: userStreamId(input.userId),
    decider: userDecider,
    command: { type: 'ChangePassword', passwordHash, byAdmin: !self, atMs: deps.clock.nowMs() },
    projection: deps.users,
    ctx,
    publicEvent: () => ({
      eventType: 'user_password_changed',
      action: self ? 'change_password' : 'reset_password',
      subject: input.userId,
      resource: `user:${input.userId}`,
      metadata: { target_user_id: input.userId, by_admin: !self },
    }),
  });
  return viewOf(deps, asLiving(state));
}
