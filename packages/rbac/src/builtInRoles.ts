import { PERMISSIONS, type Permission } from './permissions';

/** QilbeeDB's predefined roles and the permissions each grants (its rbac.rs, unchanged). */
export const BUILT_IN_ROLES = {
  Admin: [...PERMISSIONS],
  Developer: [
    'GraphCreate', 'GraphRead', 'GraphUpdate', 'GraphDelete', 'GraphExecuteQuery',
    'NodeCreate', 'NodeRead', 'NodeUpdate', 'NodeDelete',
    'RelationshipCreate', 'RelationshipRead', 'RelationshipUpdate', 'RelationshipDelete',
    'MemoryCreate', 'MemoryRead', 'MemoryUpdate', 'MemoryDelete', 'MemorySearch', 'MemoryConsolidate', 'MemoryForget',
    'AgentRead', 'SystemMonitor',
  ],
  DataScientist: ['GraphRead', 'GraphExecuteQuery', 'NodeRead', 'RelationshipRead', 'MemoryRead', 'MemorySearch', 'AgentRead', 'SystemMonitor'],
  Agent: ['GraphRead', 'GraphExecuteQuery', 'NodeRead', 'RelationshipRead', 'MemoryCreate', 'MemoryRead', 'MemorySearch', 'MemoryConsolidate', 'AgentRead'],
  Read: ['GraphRead', 'NodeRead', 'RelationshipRead', 'MemoryRead', 'AgentRead'],
} as const satisfies Record<string, readonly Permission[]>;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export const BUILT_IN_ROLE_NAMES = Object.keys(BUILT_IN_ROLES) as BuiltInRole[];

export function isBuiltInRole(name: string): name is BuiltInRole {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_ROLES, name);
}

/** The role every new user gets when none is named (api-contract.md section 7). */
export const DEFAULT_ROLES: BuiltInRole[] = ['Read'];
