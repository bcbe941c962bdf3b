import { assertNever } from '@qilbee/kernel';
import type { UserEvent } from './userEvents';

export interface UserProfile {
  userId: string;
  username: string;
  email: string;
  passwordHash: string;
  roles: string[];
  createdAtMs: number;
  updatedAtMs: number;
}

/** Lifecycle stages: a deleted user is a tombstone that keeps its name (the audit trail needs it). */
export type UserState =
  | { stage: 'Unregistered' }
  | ({ stage: 'Active' } & UserProfile)
  | ({ stage: 'Disabled' } & UserProfile)
  | ({ stage: 'Deleted'; deletedAtMs: number } & UserProfile);

export const initialUserState: UserState = { stage: 'Unregistered' };

export type ExistingUser = Exclude<UserState, { stage: 'Unregistered' }>;

function profileOf(state: ExistingUser): UserProfile {
  const { userId, username, email, passwordHash, roles, createdAtMs, updatedAtMs } = state;
  return { userId, username, email, passwordHash, roles, createdAtMs, updatedAtMs };
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { userId, username, email, passwordHash, roles, atMs } = event.data;
    return { stage: 'Active', userId, username, email, passwordHash, roles: [...roles], createdAtMs: atMs, updatedAtMs: atMs };
  }
  if (state.stage === 'Unregistered') return state;
  const profile = { ...profileOf(state), updatedAtMs: event.data.atMs };
  switch (event.type) {
    case 'UserEmailChanged':
      return { ...state, ...profile, email: event.data.email };
    case 'UserPasswordChanged':
      return { ...state, ...profile, passwordHash: event.data.passwordHash };
    case 'UserRolesChanged':
      return { ...state, ...profile, roles: [...event.data.roles] };
    case 'UserDeactivated':
      return { stage: 'Disabled', ...profile };
    case 'UserReactivated':
      return { stage: 'Active', ...profile };
    case 'UserDeleted':
      return { stage: 'Deleted', ...profile, deletedAtMs: event.data.atMs };
    default:
      return assertNever(event);
  }
}
