import { ROLE_NAME_PATTERN as ROLE_NAME } from '@qilbee/contracts';
import { assertNever, DomainError } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import { BUILT_IN_ROLE_NAMES, isPermission } from '@qilbee/rbac';
import type { RoleCommand, RoleEvent, RoleState } from './roleEvents';

export const ROLE_STREAM_PREFIX = 'role-';
const ROLE_NAME_PATTERN = new RegExp(ROLE_NAME);

export function roleStreamId(name: string): string {
  return `${ROLE_STREAM_PREFIX}${name}`;
}

function assertDefinable(name: string, permissions: string[]): void {
  if (!ROLE_NAME_PATTERN.test(name)) {
    throw new DomainError('invalid_argument', 'Role name must be 2-64 letters, digits, _ or -', 'invalid_argument', [{ field: 'name', message: 'invalid role name' }]);
  }
  // Case-insensitive so that `admin` cannot pose as `Admin` in a listing.
  if (BUILT_IN_ROLE_NAMES.some((builtIn) => builtIn.toLowerCase() === name.toLowerCase())) {
    throw new DomainError('failed_precondition', `${name} is a built-in role and cannot be changed`, 'built_in_role');
  }
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new DomainError('invalid_argument', `Unknown permissions: ${unknown.join(', ')}`, 'unknown_permission', unknown.map((p) => ({ field: 'permissions', message: `unknown permission ${p}` })));
  }
}

export function decideRole(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.type) {
    case 'DefineRole': {
      assertDefinable(command.name, command.permissions);
      const permissions = [...new Set(command.permissions)].sort();
      return [{ type: 'RoleDefined', data: { name: command.name, permissions, atMs: command.atMs } }];
    }
    case 'DeleteRole':
      if (BUILT_IN_ROLE_NAMES.some((builtIn) => builtIn === command.name)) {
        throw new DomainError('failed_precondition', `${command.name} is a built-in role and cannot be deleted`, 'built_in_role');
      }
      if (state.stage !== 'Defined') throw new DomainError('not_found', 'Role not found', 'role_not_found');
      return [{ type: 'RoleDeleted', data: { name: command.name, atMs: command.atMs } }];
    default:
      return assertNever(command);
  }
}

export function evolveRole(state: RoleState, event: RoleEvent): RoleState {
  switch (event.type) {
    case 'RoleDefined':
      return { stage: 'Defined', name: event.data.name, permissions: [...event.data.permissions], definedAtMs: event.data.atMs };
    case 'RoleDeleted':
      return { stage: 'Deleted', name: event.data.name };
    default:
      return assertNever(event);
  }
}

export const roleDecider: Decider<RoleCommand, RoleEvent, RoleState> = {
  decide: decideRole,
  evolve: evolveRole,
  initialState: { stage: 'Undefined' },
};
