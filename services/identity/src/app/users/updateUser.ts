import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { isSelf, requirePermission, requireSelfOr, type Actor } from '../actor';
import { commit } from '../commit';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { assertFields, emailViolation } from '../../domain/user/userRules';
import type { UserEvent } from '../../domain/user/userEvents';
import { emailReservations, releaseAll, reserveAll } from './reservations';
import { asLiving, requireUser, viewOf, type UserView } from './userView';

export interface UpdateUserInput {
  userId: string;
  email?: string;
  /** Admin only (UserUpdate); nobody disables themselves. */
  isActive?: boolean;
}

function authorize(actor: Actor, input: UpdateUserInput): void {
  requireSelfOr(actor, input.userId, 'UserUpdate');
  if (input.isActive === undefined) return;
  requirePermission(actor, 'UserUpdate');
  if (input.isActive === false && isSelf(actor, input.userId)) {
    throw new DomainError('failed_precondition', 'You cannot deactivate yourself', 'cannot_deactivate_self');
  }
}

function describe(userId: string, events: UserEvent[]) {
  const changes: string[] = [];
  const metadata: Record<string, unknown> = { target_user_id: userId };
  for (const event of events) {
    if (event.type === 'UserEmailChanged') changes.push('email');
    if (event.type === 'UserDeactivated' || event.type === 'UserReactivated') {
      changes.push('is_active');
      metadata.is_active = event.type === 'UserReactivated';
    }
  }
  return { eventType: 'user_updated' as const, action: 'update_user', subject: userId, resource: `user:${userId}`, metadata: { ...metadata, changes } };
}

export async function updateUser(deps: IdentityDeps, actor: Actor, ctx: CallContext, input: UpdateUserInput): Promise<UserView> {
  authorize(actor, input);
  const email = input.email?.trim();
  if (email !== undefined) assertFields([emailViolation(email)]);
  const current = await requireUser(deps, input.userId);
  const oldKeys = emailReservations(current.email);
  const newKeys = email === undefined ? oldKeys : emailReservations(email);
  const changed = newKeys.join() !== oldKeys.join();
  if (changed) await reserveAll(deps, newKeys, input.userId);
  let result;
  try {
    result = await commit(deps, {
      streamId: userStreamId(input.userId),
      decider: userDecider,
      command: { type: 'UpdateUser', email, isActive: input.isActive, atMs: deps.clock.nowMs() },
      projection: deps.users,
      ctx,
      publicEvent: (events) => describe(input.userId, events),
    });
  } catch (error) {
    if (changed) await releaseAll(deps, newKeys, input.userId);
    throw error;
  }
  if (changed) await releaseAll(deps, oldKeys, input.userId);
  if (result.events.some((e) => e.type === 'UserDeactivated' || e.type === 'UserReactivated')) deps.cache.invalidateUser(input.userId);
  return viewOf(deps, asLiving(result.state));
}
