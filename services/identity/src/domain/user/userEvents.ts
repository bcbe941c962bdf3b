/**
 * The facts of a user's life, one stream per user (`user-<id>`). Shapes never change once
 * published; a new shape gets a new type. Password hashes live only in the identity store.
 */
export type UserEvent =
  | { type: 'UserRegistered'; data: { userId: string; username: string; email: string; passwordHash: string; roles: string[]; atMs: number } }
  | { type: 'UserEmailChanged'; data: { email: string; previousEmail: string; atMs: number } }
  | { type: 'UserDeactivated'; data: { atMs: number } }
  | { type: 'UserReactivated'; data: { atMs: number } }
  | { type: 'UserPasswordChanged'; data: { passwordHash: string; byAdmin: boolean; atMs: number } }
  | { type: 'UserRolesChanged'; data: { roles: string[]; previousRoles: string[]; atMs: number } }
  | { type: 'UserDeleted'; data: { atMs: number } };

export type UserEventType = UserEvent['type'];
