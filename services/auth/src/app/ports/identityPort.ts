import type { RequestContext } from '../requestContext';

export interface Principal {
  userId: string;
  username: string;
  roles: string[];
  isActive: boolean;
}

/** Unknown user and wrong password are one answer on purpose (no enumeration). */
export type PasswordCheck = { outcome: 'valid'; principal: Principal } | { outcome: 'invalid' } | { outcome: 'disabled' };

/** What auth needs from the identity service. Failures to reach it throw DomainError('unavailable'). */
export interface IdentityPort {
  verifyPassword(username: string, password: string, context: RequestContext): Promise<PasswordCheck>;
  /** Undefined when the user no longer exists. */
  getPrincipal(userId: string): Promise<Principal | undefined>;
}
