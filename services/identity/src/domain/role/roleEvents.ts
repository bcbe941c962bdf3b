/** A custom role is a named permission set; one stream per role name (`role-<name>`). */
export type RoleEvent =
  | { type: 'RoleDefined'; data: { name: string; permissions: string[]; atMs: number } }
  | { type: 'RoleDeleted'; data: { name: string; atMs: number } };

export type RoleCommand =
  | { type: 'DefineRole'; name: string; permissions: string[]; atMs: number }
  | { type: 'DeleteRole'; name: string; atMs: number };

export type RoleState =
  | { stage: 'Undefined' }
  | { stage: 'Defined'; name: string; permissions: string[]; definedAtMs: number }
  | { stage: 'Deleted'; name: string };
