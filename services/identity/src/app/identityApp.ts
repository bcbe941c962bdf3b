import { DomainError } from '@qilbee/kernel';
import { isPermission } from '@qilbee/rbac';
import type { IdentityDeps } from './deps';
import type { CallContext } from './callContext';
import { resolveActor } from './actor';
import { customRoles, loadPrincipal, principalOf, type Principal } from './principals';
import { usernameKey } from '../domain/user/userRules';
import { createUser, type CreateUserInput } from './users/createUser';
import { updateUser, type UpdateUserInput } from './users/updateUser';
import { changePassword, type ChangePasswordInput } from './users/changePassword';
import { assignRoles } from './users/assignRoles';
import { deleteUser } from './users/deleteUser';
import { getUser, listUsers, type ListUsersInput } from './users/userQueries';
import { verifyPassword, type PasswordOutcome } from './users/verifyPassword';
import type { UserView } from './users/userView';
import { defineRole, deleteRole, listRoles, type RoleView } from './roles/roleCommands';
import { createApiKey, type CreateApiKeyInput } from './apiKeys/createApiKey';
import { listApiKeys } from './apiKeys/listApiKeys';
import { revokeApiKey } from './apiKeys/revokeApiKey';
import { rotateApiKey, type RotateApiKeyInput } from './apiKeys/rotateApiKey';
import { verifyApiKey, type KeyOutcome } from './apiKeys/verifyApiKey';
import { expireApiKey } from './apiKeys/expireApiKeys';
import type { ApiKeyView } from './apiKeys/apiKeyView';

/**
 * The use cases behind one facade, as the gRPC adapter calls them: each command resolves its
 * actor from the request context first. `dummyHash` is an argon2id hash of a random password with
 * the production parameters, verified for unknown users.
 */
export class IdentityApp {
  private readonly expiring = new Set<string>();

  constructor(
    readonly deps: IdentityDeps,
    private readonly dummyHash: string,
  ) {}

  async createUser(ctx: CallContext, input: CreateUserInput): Promise<UserView> {
    return createUser(this.deps, await resolveActor(this.deps, ctx), ctx, input);
  }
  async getUser(ctx: CallContext, userId: string): Promise<UserView> {
    return getUser(this.deps, await resolveActor(this.deps, ctx), userId);
  }
  async listUsers(ctx: CallContext, input: ListUsersInput): Promise<{ users: UserView[]; nextCursor: string }> {
    return listUsers(this.deps, await resolveActor(this.deps, ctx), input);
  }
  async updateUser(ctx: CallContext, input: UpdateUserInput): Promise<UserView> {
    return updateUser(this.deps, await resolveActor(this.deps, ctx), ctx, input);
  }
  async changePassword(ctx: CallContext, input: ChangePasswordInput): Promise<UserView> {
    return changePassword(this.deps, await resolveActor(this.deps, ctx), ctx, input);
  }
  async assignRoles(ctx: CallContext, userId: string, roles: string[]): Promise<UserView> {
    return assignRoles(this.deps, await resolveActor(this.deps, ctx), ctx, userId, roles);
  }
  async deleteUser(ctx: CallContext, userId: string): Promise<void> {
    return deleteUser(this.deps, await resolveActor(this.deps, ctx), ctx, userId);
  }

  verifyPassword(username: string, password: string): Promise<PasswordOutcome> {
    return verifyPassword(this.deps, this.dummyHash, username, password);
  }
  async getPrincipal(userId: string): Promise<Principal> {
    const principal = userId ? await loadPrincipal(this.deps, userId) : null;
    if (!principal) throw new DomainError('not_found', 'User not found', 'user_not_found');
    return principal;
  }
  /** For services only (auth keys an account's lockout events by its user id). */
  async getPrincipalByUsername(username: string): Promise<Principal> {
    const user = username ? await this.deps.users.findByUsernameKey(usernameKey(username)) : null;
    if (!user) throw new DomainError('not_found', 'User not found', 'user_not_found');
    return principalOf(user, await customRoles(this.deps));
  }
  async checkPermission(userId: string, permission: string): Promise<boolean> {
    if (!isPermission(permission)) throw new DomainError('invalid_argument', `Unknown permission ${permission}`, 'unknown_permission', [{ field: 'permission', message: 'unknown' }]);
    const principal = userId ? await loadPrincipal(this.deps, userId) : null;
    return principal !== null && principal.isActive && principal.permissions.includes(permission);
  }

  async defineRole(ctx: CallContext, name: string, permissions: string[]): Promise<RoleView> {
    return defineRole(this.deps, await resolveActor(this.deps, ctx), ctx, name, permissions);
  }
  async deleteRole(ctx: CallContext, name: string): Promise<void> {
    return deleteRole(this.deps, await resolveActor(this.deps, ctx), ctx, name);
  }
  listRoles(): Promise<RoleView[]> {
    return listRoles(this.deps);
  }

  async createApiKey(ctx: CallContext, input: CreateApiKeyInput): Promise<{ secret: string; view: ApiKeyView }> {
    return createApiKey(this.deps, await resolveActor(this.deps, ctx), ctx, input);
  }
  async listApiKeys(ctx: CallContext, userId: string, includeRevoked: boolean): Promise<ApiKeyView[]> {
    return listApiKeys(this.deps, await resolveActor(this.deps, ctx), userId, includeRevoked);
  }
  async revokeApiKey(ctx: CallContext, keyId: string): Promise<void> {
    return revokeApiKey(this.deps, await resolveActor(this.deps, ctx), ctx, keyId);
  }
  async rotateApiKey(ctx: CallContext, input: RotateApiKeyInput): Promise<{ secret: string; view: ApiKeyView }> {
    return rotateApiKey(this.deps, await resolveActor(this.deps, ctx), ctx, input);
  }
  verifyApiKey(key: string): Promise<KeyOutcome> {
    return verifyApiKey(this.deps, key, (keyId) => this.noticeExpiry(keyId));
  }

  /** An expiry seen during verification is recorded in the background, once per key at a time. */
  private noticeExpiry(keyId: string): void {
    if (this.expiring.has(keyId)) return;
    this.expiring.add(keyId);
    expireApiKey(this.deps, keyId)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, keyId }, 'recording a noticed expiry failed; the sweeper will retry'))
      .finally(() => this.expiring.delete(keyId));
  }
}
