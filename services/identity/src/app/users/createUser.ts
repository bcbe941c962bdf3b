import { DEFAULT_ROLES } from '@qilbee/rbac';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { requirePermission, type Actor } from '../actor';
import { commit } from '../commit';
import { userDecider, userStreamId } from '../../domain/user/userDecider';
import { definedOnly, emailViolation, fieldsError, passwordLengthViolation, usernameViolation } from '../../domain/user/userRules';
import { passwordPolicyError, rolesError, throwAll } from './fieldErrors';
import { emailReservations, releaseAll, reserveAll, usernameReservation } from './reservations';
import { asLiving, toUserView, type UserView } from './userView';

export interface CreateUserInput {
  username: string;
  email: string;
  password: string;
  /** Empty means the default roles (["Read"]). */
  roles: string[];
}

function isDefault(roles: string[]): boolean {
  return roles.length === 0 || (roles.length === DEFAULT_ROLES.length && roles.every((r) => (DEFAULT_ROLES as string[]).includes(r)));
}

export async function createUser(deps: IdentityDeps, actor: Actor, ctx: CallContext, input: CreateUserInput): Promise<UserView> {
  requirePermission(actor, 'UserCreate');
  // Granting more than the default is a role assignment and needs that permission too.
  if (!isDefault(input.roles)) requirePermission(actor, 'UserManageRoles');
  const username = input.username.normalize('NFKC').trim();
  const email = input.email.trim();
  const roles = input.roles.length > 0 ? [...new Set(input.roles)] : [...DEFAULT_ROLES];
  // Every refusal at once: the fields' shapes, unknown roles and the password policy.
  const fields = definedOnly([usernameViolation(username), email === '' ? undefined : emailViolation(email), passwordLengthViolation(input.password)]);
  throwAll([fieldsError(fields), await rolesError(deps, roles), passwordPolicyError(deps, input.password, username, fields)]);

  const passwordHash = await deps.passwords.hash(input.password);
  const userId = deps.ids.next();
  const reservations = [usernameReservation(username), ...emailReservations(email)];
  await reserveAll(deps, reservations, userId);
  try {
    const { state } = await commit(deps, {
      streamId: userStreamId(userId),
      decider: userDecider,
      command: { type: 'RegisterUser', userId, username, email, passwordHash, roles, atMs: deps.clock.nowMs() },
      projection: deps.users,
      ctx,
      publicEvent: () => ({
        eventType: 'user_created',
        action: 'create_user',
        subject: userId,
        resource: `user:${userId}`,
        metadata: { target_user_id: userId, target_username: username, roles, is_active: true },
      }),
    });
    return toUserView(asLiving(state));
  } catch (error) {
    await releaseAll(deps, reservations, userId);
    throw error;
  }
}
