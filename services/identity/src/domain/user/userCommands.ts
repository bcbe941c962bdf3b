/** What may be asked of a user aggregate. Hashes are computed by the caller: deciders do no I/O. */
export type UserCommand =
  | { type: 'RegisterUser'; userId: string; username: string; email: string; passwordHash: string; roles: string[]; atMs: number }
  | { type: 'UpdateUser'; email?: string; isActive?: boolean; atMs: number }
  | { type: 'ChangePassword'; passwordHash: string; byAdmin: boolean; atMs: number }
  | { type: 'AssignRoles'; roles: string[]; atMs: number }
  | { type: 'DeleteUser'; atMs: number };
