import { randomBytes } from 'node:crypto';
import { identityV1 } from '@qilbee/contracts';
import { DomainError, uuidv7 } from '@qilbee/kernel';
import { BUILT_IN_ROLES, effectivePermissions } from '@qilbee/rbac';
import type { IdentityPort } from '../ports';

const Outcome = identityV1.VerifyApiKeyResponse_Outcome;

interface StoredUser {
  user: identityV1.User;
  password: string;
}

interface StoredKey {
  secret: string;
  key: identityV1.ApiKey;
}

const now = () => new Date().toISOString();

/** The in-memory twin of identity for edge tests: same ownership rules, no storage. */
export class InMemoryIdentity implements IdentityPort {
  readonly users = new Map<string, StoredUser>();
  readonly keys = new Map<string, StoredKey>();
  /** Set to make every call fail as if identity were down. */
  down = false;
  verifyCalls = 0;

  addUser(username: string, password: string, roles: string[] = ['Read'], id = uuidv7()): identityV1.User {
    const user: identityV1.User = { id, username, email: `${username}@example.test`, roles, isActive: true, createdAt: now(), updatedAt: now() };
    this.users.set(id, { user, password });
    return user;
  }

  findByName(username: string): StoredUser | undefined {
    return [...this.users.values()].find((u) => u.user.username === username);
  }

  private guard(): void {
    if (this.down) throw new DomainError('unavailable', 'identity is unavailable', 'dependency_unavailable');
  }

  private isAdmin(actorId: string | undefined): boolean {
    return effectivePermissions(this.users.get(actorId ?? '')?.user.roles ?? []).has('UserRead');
  }

  private found(id: string): StoredUser {
    const stored = this.users.get(id);
    if (!stored) throw new DomainError('not_found', 'User not found', 'user_not_found');
    return stored;
  }

  private selfOrAdmin(context: { actorUserId: string } | undefined, id: string): StoredUser {
    if (context?.actorUserId !== id && !this.isAdmin(context?.actorUserId)) throw new DomainError('permission_denied', 'Access denied', 'not_self_or_admin');
    return this.found(id);
  }

  async createUser(r: identityV1.CreateUserRequest): Promise<identityV1.CreateUserResponse> {
    this.guard();
    if (this.findByName(r.username)) throw new DomainError('already_exists', 'Username already taken', 'duplicate_username');
    if (r.password.length < 12) {
      throw new DomainError('invalid_argument', 'Password must be at least 12 characters long', 'weak_password', [{ field: 'min_length', message: 'Password must be at least 12 characters long' }]);
    }
    const user = this.addUser(r.username, r.password, r.roles.length > 0 ? r.roles : ['Read']);
    user.email = r.email;
    return { user };
  }

  async getUser(r: identityV1.GetUserRequest): Promise<identityV1.GetUserResponse> {
    this.guard();
    return { user: this.selfOrAdmin(r.context, r.userId).user };
  }

  async listUsers(): Promise<identityV1.ListUsersResponse> {
    this.guard();
    return { users: [...this.users.values()].map((u) => u.user), nextCursor: '' };
  }

  async updateUser(r: identityV1.UpdateUserRequest): Promise<identityV1.UpdateUserResponse> {
    this.guard();
    const stored = this.selfOrAdmin(r.context, r.userId);
    if (r.isActive !== undefined && !this.isAdmin(r.context?.actorUserId)) throw new DomainError('permission_denied', 'Only admin can change user active status', 'admin_only');
    if (r.email !== undefined) stored.user.email = r.email;
    if (r.isActive !== undefined) stored.user.isActive = r.isActive;
    return { user: stored.user };
  }

  async changePassword(r: identityV1.ChangePasswordRequest): Promise<identityV1.ChangePasswordResponse> {
    this.guard();
    const stored = this.selfOrAdmin(r.context, r.userId);
    if (r.context?.actorUserId === r.userId && r.currentPassword !== stored.password) {
      throw new DomainError('invalid_argument', 'Current password is incorrect', 'invalid_current_password');
    }
    if (r.newPassword.length < 12) throw new DomainError('invalid_argument', 'Weak password', 'weak_password', [{ field: 'min_length', message: 'too short' }]);
    stored.password = r.newPassword;
    return { user: stored.user };
  }

  async assignRoles(r: identityV1.AssignRolesRequest): Promise<identityV1.AssignRolesResponse> {
    this.guard();
    const stored = this.found(r.userId);
    stored.user.roles = r.roles;
    return { user: stored.user };
  }

  async deleteUser(r: identityV1.DeleteUserRequest): Promise<identityV1.DeleteUserResponse> {
    this.guard();
    this.found(r.userId);
    this.users.delete(r.userId);
    return {};
  }

  readonly customRoles = new Map<string, string[]>();

  async listRoles(): Promise<identityV1.ListRolesResponse> {
    this.guard();
    const builtIn = Object.entries(BUILT_IN_ROLES).map(([name, permissions]) => ({ name, permissions: [...permissions], builtIn: true }));
    return { roles: [...builtIn, ...[...this.customRoles].map(([name, permissions]) => ({ name, permissions, builtIn: false }))] };
  }

  async defineRole(r: identityV1.DefineRoleRequest): Promise<identityV1.DefineRoleResponse> {
    this.guard();
    if (r.name in BUILT_IN_ROLES) throw new DomainError('failed_precondition', `${r.name} is a built-in role and cannot be changed`, 'built_in_role');
    this.customRoles.set(r.name, r.permissions);
    return { role: { name: r.name, permissions: r.permissions, builtIn: false } };
  }

  async deleteRole(r: identityV1.DeleteRoleRequest): Promise<identityV1.DeleteRoleResponse> {
    this.guard();
    if (!this.customRoles.delete(r.name)) throw new DomainError('not_found', 'Role not found', 'role_not_found');
    return {};
  }

  private mint(ownerId: string, name: string, expiresInDays?: number): StoredKey {
    const secret = `qilbee_live_${randomBytes(24).toString('hex')}`;
    const key: identityV1.ApiKey = {
      id: uuidv7(),
      prefix: secret.slice(0, 16),
      name,
      createdAt: now(),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000).toISOString() : undefined,
      isActive: true,
      permissions: [],
      userId: ownerId,
      status: 'active',
    };
    const stored = { secret, key };
    this.keys.set(key.id, stored);
    return stored;
  }

  async createApiKey(r: identityV1.CreateApiKeyRequest): Promise<identityV1.CreateApiKeyResponse> {
    this.guard();
    const stored = this.mint(r.context?.actorUserId ?? '', r.name, r.expiresInDays);
    return { key: stored.secret, apiKey: stored.key };
  }

  async listApiKeys(r: identityV1.ListApiKeysRequest): Promise<identityV1.ListApiKeysResponse> {
    this.guard();
    const actor = r.context?.actorUserId ?? '';
    if (r.userId && r.userId !== actor && !this.isAdmin(actor)) throw new DomainError('permission_denied', "Cannot list another user's keys", 'not_self_or_admin');
    const owner = r.userId || actor;
    return { keys: [...this.keys.values()].map((k) => k.key).filter((k) => k.userId === owner && (r.includeRevoked || k.isActive)) };
  }

  async revokeApiKey(r: identityV1.RevokeApiKeyRequest): Promise<identityV1.RevokeApiKeyResponse> {
    this.guard();
    const stored = this.keys.get(r.keyId);
    const actor = r.context?.actorUserId ?? '';
    if (!stored || (stored.key.userId !== actor && !this.isAdmin(actor))) throw new DomainError('not_found', 'API key not found', 'api_key_not_found');
    stored.key.isActive = false;
    stored.key.status = 'revoked';
    return {};
  }

  async rotateApiKey(r: identityV1.RotateApiKeyRequest): Promise<identityV1.RotateApiKeyResponse> {
    this.guard();
    const old = [...this.keys.values()].find((k) => k.secret === r.currentKey);
    if (!old || old.key.userId !== r.context?.actorUserId || !old.key.isActive) throw new DomainError('not_found', 'API key not found', 'api_key_not_found');
    old.key.isActive = false;
    old.key.status = 'revoked';
    const fresh = this.mint(old.key.userId, r.newName ?? old.key.name, r.expiresInDays);
    return { key: fresh.secret, apiKey: fresh.key };
  }

  async verifyApiKey(r: identityV1.VerifyApiKeyRequest): Promise<identityV1.VerifyApiKeyResponse> {
    this.verifyCalls += 1;
    this.guard();
    const stored = [...this.keys.values()].find((k) => k.secret === r.key);
    if (!stored) return { outcome: Outcome.OUTCOME_NOT_FOUND, keyId: '' };
    if (!stored.key.isActive) return { outcome: Outcome.OUTCOME_REVOKED, keyId: stored.key.id };
    if (stored.key.expiresAt && Date.parse(stored.key.expiresAt) < Date.now()) return { outcome: Outcome.OUTCOME_EXPIRED, keyId: stored.key.id };
    const owner = this.users.get(stored.key.userId)?.user;
    if (!owner?.isActive) return { outcome: Outcome.OUTCOME_DISABLED_OWNER, keyId: stored.key.id };
    const principal: identityV1.Principal = {
      userId: owner.id,
      username: owner.username,
      roles: owner.roles,
      permissions: [...effectivePermissions(owner.roles)],
      isActive: true,
      apiKeyId: stored.key.id,
    };
    return { outcome: Outcome.OUTCOME_VALID, principal, keyId: stored.key.id };
  }
}
