import { deciderSpec } from '../../testing/deciderSpec';
import { userDecider } from './userDecider';
import type { UserEvent } from './userEvents';

const spec = deciderSpec(userDecider);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', username: 'alice', email: 'alice@example.com', passwordHash: 'h1', roles: ['Read'], atMs: 1 },
};

describe('User decider', () => {
  it('register: a new user is recorded with its roles', () => {
    spec([]).when({ type: 'RegisterUser', userId: 'u1', username: 'alice', email: 'alice@example.com', passwordHash: 'h1', roles: ['Read'], atMs: 1 }).then([registered]);
  });

  it('register: the same id twice is already_exists', () => {
    spec([registered]).when({ type: 'RegisterUser', userId: 'u1', username: 'x', email: 'x@example.com', passwordHash: 'h', roles: [], atMs: 2 }).thenThrows({ code: 'already_exists' });
  });

  it('update: email change and deactivation are two facts of one command', () => {
    spec([registered])
      .when({ type: 'UpdateUser', email: 'new@example.com', isActive: false, atMs: 5 })
      .then([
        { type: 'UserEmailChanged', data: { email: 'new@example.com', previousEmail: 'alice@example.com', atMs: 5 } },
        { type: 'UserDeactivated', data: { atMs: 5 } },
      ]);
  });

  it('update: nothing changes, nothing is recorded', () => {
    spec([registered]).when({ type: 'UpdateUser', email: 'alice@example.com', isActive: true, atMs: 5 }).then([]);
  });

  it('update: a disabled user can be reactivated', () => {
    spec([registered, { type: 'UserDeactivated', data: { atMs: 2 } }]).when({ type: 'UpdateUser', isActive: true, atMs: 3 }).then([{ type: 'UserReactivated', data: { atMs: 3 } }]);
  });

  it('change password: records the new hash and who did it', () => {
    spec([registered]).when({ type: 'ChangePassword', passwordHash: 'h2', byAdmin: true, atMs: 4 }).then([{ type: 'UserPasswordChanged', data: { passwordHash: 'h2', byAdmin: true, atMs: 4 } }]);
  });

  it('assign roles: always recorded (an audited act), duplicates removed', () => {
    spec([registered])
      .when({ type: 'AssignRoles', roles: ['Read', 'Read'], atMs: 4 })
      .then([{ type: 'UserRolesChanged', data: { roles: ['Read'], previousRoles: ['Read'], atMs: 4 } }]);
  });

  it('delete: leaves a tombstone; the deleted user cannot be changed or deleted again', () => {
    const deleted: UserEvent = { type: 'UserDeleted', data: { atMs: 9 } };
    spec([registered]).when({ type: 'DeleteUser', atMs: 9 }).then([deleted]);
    spec([registered, deleted]).when({ type: 'DeleteUser', atMs: 10 }).thenThrows({ code: 'not_found' });
    spec([registered, deleted]).when({ type: 'ChangePassword', passwordHash: 'h', byAdmin: true, atMs: 10 }).thenThrows({ code: 'not_found' });
    spec([registered, deleted]).when({ type: 'RegisterUser', userId: 'u1', username: 'alice', email: 'a@example.com', passwordHash: 'h', roles: [], atMs: 10 }).thenThrows({ code: 'already_exists' });
  });

  it('commands on an unknown user are not_found', () => {
    spec([]).when({ type: 'AssignRoles', roles: ['Admin'], atMs: 1 }).thenThrows({ code: 'not_found', reason: 'user_not_found' });
  });
});
