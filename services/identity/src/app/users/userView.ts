import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { LivingUser } from '../ports';
import type { UserState } from '../../domain/user/userState';

/** A user as callers see it: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  email: string;
  roles: string[];
  isActive: boolean;
  createdAtMs: number;
  updatedAtMs: number;
  lastLoginMs: number | null;
}

export function toUserView(user: LivingUser, lastLoginMs: number | null = null): UserView {
  return {
    id: user.userId,
    username: user.username,
    email: user.email,
    roles: [...user.roles],
    isActive: user.stage === 'Active',
    createdAtMs: user.createdAtMs,
    updatedAtMs: user.updatedAtMs,
    lastLoginMs,
  };
}

export function asLiving(state: UserState): LivingUser {
  if (state.stage === 'Active' || state.stage === 'Disabled') return state;
  throw new DomainError('not_found', 'User not found', 'user_not_found');
}

/** Views with last_login joined from its own collection (kept apart: it is not event-sourced). */
export async function withLastLogins(deps: IdentityDeps, users: LivingUser[]): Promise<UserView[]> {
  const logins = await deps.lastLogins.get(users.map((u) => u.userId));
  return users.map((user) => toUserView(user, logins.get(user.userId) ?? null));
}

export async function viewOf(deps: IdentityDeps, user: LivingUser): Promise<UserView> {
  const [view] = await withLastLogins(deps, [user]);
  return view as UserView;
}

export async function requireUser(deps: IdentityDeps, userId: string): Promise<LivingUser> {
  const user = userId ? await deps.users.get(userId) : null;
  if (!user) throw new DomainError('not_found', 'User not found', 'user_not_found');
  return user;
}
