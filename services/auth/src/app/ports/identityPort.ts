import type { RequestContext } from '../requestContext';

export interface Principal {
  userId: string;
  username: string;
  roles: string[];
  isActive: boolean;
}

/**
 * Unknown user and wrong password are one answer on purpose (no enumeration). `userId` on a
 * refusal names the user the username belongs to, if any: only for the keys and `user_id` of the
 * lockout's security events, never for anything a client sees.
 */
export type PasswordCheck = { outcome: 'valid'; principal: Principal } | { outcome: 'invalid'; userId?: string } | { outcome: 'disabled'; userId?: string };

/** What auth needs from the identity service. Failures to reach it throw DomainError('unavailable'). */
export interface IdentityPort {
  verifyPassword(username: string, password: string, context: RequestContext): Promise<PasswordCheck>;
  /** Undefined when the user no longer exists. */
  getPrincipal(userId: string): Promise<Principal | undefined>;
  /** The user a username names; undefined when none does. */
  userIdOf(username: string): Promise<string | undefined>;
}
