import { assertNever, DomainError } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import type { UserCommand } from './userCommands';
import type { UserEvent } from './userEvents';
import { evolveUser, initialUserState, type ExistingUser, type UserState } from './userState';

export const USER_STREAM_PREFIX = 'user-';

export function userStreamId(userId: string): string {
  return `${USER_STREAM_PREFIX}${userId}`;
}

function userNotFound(): DomainError {
  return new DomainError('not_found', 'User not found', 'user_not_found');
}

/** A deleted user answers like an unknown one: its id is not a resource any more. */
function requireLiving(state: UserState): Exclude<ExistingUser, { stage: 'Deleted' }> {
  if (state.stage === 'Unregistered' || state.stage === 'Deleted') throw userNotFound();
  return state;
}

function decideUpdate(command: Extract<UserCommand, { type: 'UpdateUser' }>, state: UserState): UserEvent[] {
  const user = requireLiving(state);
  const events: UserEvent[] = [];
  if (command.email !== undefined && command.email !== user.email) {
    events.push({ type: 'UserEmailChanged', data: { email: command.email, previousEmail: user.email, atMs: command.atMs } });
  }
  if (command.isActive === false && user.stage === 'Active') events.push({ type: 'UserDeactivated', data: { atMs: command.atMs } });
  if (command.isActive === true && user.stage === 'Disabled') events.push({ type: 'UserReactivated', data: { atMs: command.atMs } });
  return events;
}

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.stage !== 'Unregistered') throw new DomainError('already_exists', 'User already exists', 'duplicate_user_id');
      const { userId, username, email, passwordHash, roles, atMs } = command;
      return [{ type: 'UserRegistered', data: { userId, username, email, passwordHash, roles: [...roles], atMs } }];
    }
    case 'UpdateUser':
      return decideUpdate(command, state);
    case 'ChangePassword':
      requireLiving(state);
      return [{ type: 'UserPasswordChanged', data: { passwordHash: command.passwordHash, byAdmin: command.byAdmin, atMs: command.atMs } }];
    case 'AssignRoles': {
      const user = requireLiving(state);
      // Recorded even when unchanged: an assignment is an audited admin act that revokes tokens.
      const roles = [...new Set(command.roles)];
      return [{ type: 'UserRolesChanged', data: { roles, previousRoles: [...user.roles], atMs: command.atMs } }];
    }
    case 'DeleteUser':
      requireLiving(state);
      return [{ type: 'UserDeleted', data: { atMs: command.atMs } }];
    default:
      return assertNever(command);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};
