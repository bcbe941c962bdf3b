import type { IdentityDeps } from '../deps';
import { principalOf, customRoles, type Principal } from '../principals';
import { usernameKey, MAX_PASSWORD_LENGTH } from '../../domain/user/userRules';

/**
 * `userId` on a refusal: the user the name belongs to, if any, for the lockout's security events
 * (keyed by user id). It never reaches a client: a refusal looks the same whether the user exists.
 */
export type PasswordOutcome = { code: 'valid'; principal: Principal } | { code: 'invalid'; userId?: string } | { code: 'disabled'; userId: string };

/**
 * The login check. Unknown (or deleted) users cost one argon2id verification of a dummy hash, the
 * same work as a wrong password, so timing does not tell whether a username exists. A disabled
 * user is only reported as such after the right password, for the same reason.
 */
export async function verifyPassword(deps: IdentityDeps, dummyHash: string, username: string, password: string): Promise<PasswordOutcome> {
  const user = await deps.users.findByUsernameKey(usernameKey(username));
  const tooLong = password.length > MAX_PASSWORD_LENGTH;
  const candidate = tooLong ? '' : password;
  // The custom roles are read while the hash is checked (for every call, so timing stays the same).
  const [matches, roles] = await Promise.all([deps.passwords.verify(user?.passwordHash ?? dummyHash, candidate), customRoles(deps)]);
  if (!user) return { code: 'invalid' };
  if (!matches || tooLong) return { code: 'invalid', userId: user.userId };
  if (user.stage === 'Disabled') return { code: 'disabled', userId: user.userId };
  return { code: 'valid', principal: principalOf(user, roles) };
}
