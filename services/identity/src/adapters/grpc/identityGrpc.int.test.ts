import { identityV1 } from '@qilbee/contracts';
import { createResilientClient, type ResilientClient } from '@qilbee/grpc-kit';
import { testDatabase } from '@qilbee/testkit';
import { startTestIdentity, testConfig, ADMIN_PASSWORD } from '../../testing/testIdentity';
import { STRONG } from '../../testing/appFixture';

const Outcome = identityV1.VerifyApiKeyResponse_Outcome;
const PasswordOutcome = identityV1.VerifyPasswordResponse_Outcome;

/** Response types by method: grpc-kit's `call` cannot infer them through the overloaded client methods. */
interface Responses {
  createUser: identityV1.CreateUserResponse;
  getUser: identityV1.GetUserResponse;
  listUsers: identityV1.ListUsersResponse;
  updateUser: identityV1.UpdateUserResponse;
  changePassword: identityV1.ChangePasswordResponse;
  assignRoles: identityV1.AssignRolesResponse;
  deleteUser: identityV1.DeleteUserResponse;
  verifyPassword: identityV1.VerifyPasswordResponse;
  getPrincipal: identityV1.GetPrincipalResponse;
  checkPermission: identityV1.CheckPermissionResponse;
  defineRole: identityV1.DefineRoleResponse;
  deleteRole: identityV1.DeleteRoleResponse;
  listRoles: identityV1.ListRolesResponse;
  createApiKey: identityV1.CreateApiKeyResponse;
  listApiKeys: identityV1.ListApiKeysResponse;
  revokeApiKey: identityV1.RevokeApiKeyResponse;
  rotateApiKey: identityV1.RotateApiKeyResponse;
  verifyApiKey: identityV1.VerifyApiKeyResponse;
  noop: identityV1.NoopResponse;
}

describe('identity gRPC round trip (real server on port 0)', () => {
  const config = testConfig();
  let identity: Awaited<ReturnType<typeof startTestIdentity>>;
  let client: ResilientClient<identityV1.IdentityServiceClient>;
  let call: <K extends keyof Responses>(method: K, request: object) => Promise<Responses[K]>;

  beforeAll(async () => {
    identity = await startTestIdentity(config);
    call = <K extends keyof Responses>(method: K, request: object) => client.call(method as never, request as never) as Promise<Responses[K]>;
    client = createResilientClient(identityV1.IdentityServiceClient, `127.0.0.1:${identity.port}`, { name: 'identity', deadlineMs: 5000 });
  });
  afterAll(async () => {
    client.close();
    await identity.stop();
    const db = await testDatabase('cleanup');
    await db.client.db(config.IDENTITY_DB).dropDatabase();
    await db.close();
  });

  it('users: create, get, list, update, password, roles, delete', async () => {
    const context = identity.adminCtx;
    const created = await call('createUser', { context, username: 'grpc-user', email: 'grpc@example.com', password: STRONG, roles: [] });
    expect(created.user).toMatchObject({ username: 'grpc-user', roles: ['Read'], isActive: true });
    expect(created.user?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const id = created.user?.id as string;
    expect((await call('getUser', { context, userId: id })).user?.email).toBe('grpc@example.com');
    // Services may ask by name (auth keys an account's lockout events by its user id).
    expect((await call('getPrincipal', { userId: '', username: 'GRPC-user' })).principal?.userId).toBe(id);
    await expect(call('getPrincipal', { userId: '', username: 'nobody-by-that-name' })).rejects.toMatchObject({ code: 'not_found' });
    const list = await call('listUsers', { context, limit: 10, cursor: '', role: 'Read', status: 'active' });
    expect(list.users.map((u) => u.username)).toContain('grpc-user');
    expect((await call('updateUser', { context, userId: id, isActive: false })).user?.isActive).toBe(false);
    await call('updateUser', { context, userId: id, isActive: true });
    await call('changePassword', { context, userId: id, newPassword: 'Reset-By-Admin-77' });
    const verified = await call('verifyPassword', { username: 'grpc-user', password: 'Reset-By-Admin-77' });
    expect(verified).toMatchObject({ outcome: PasswordOutcome.OUTCOME_VALID, principal: { userId: id, roles: ['Read'] } });
    expect((await call('verifyPassword', { username: 'nobody-here', password: 'x' })).outcome).toBe(PasswordOutcome.OUTCOME_INVALID);
    expect((await call('assignRoles', { context, userId: id, roles: ['Developer'] })).user?.roles).toEqual(['Developer']);
    expect((await call('checkPermission', { userId: id, permission: 'GraphCreate' })).allowed).toBe(true);
    expect((await call('getPrincipal', { userId: id })).principal?.permissions).toContain('NodeRead');
    await call('deleteUser', { context, userId: id });
    await expect(call('getUser', { context, userId: id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('errors keep their meaning across the wire: weak password rules, duplicates, permissions', async () => {
    const context = identity.adminCtx;
    await expect(call('createUser', { context, username: 'weakling', email: 'weak@example.com', password: 'weak', roles: [] })).rejects.toMatchObject({
      code: 'invalid_argument',
      reason: 'weak_password',
      details: { rules: ['min_length', 'uppercase', 'digit', 'special'] },
    });
    await expect(call('createUser', { context, username: 'ADMIN', email: 'x@example.com', password: STRONG, roles: [] })).rejects.toMatchObject({
      code: 'already_exists',
      reason: 'duplicate_username',
    });
    await expect(call('listUsers', { context: { ...context, actorUserId: '' }, limit: 1, cursor: '', role: '', status: '' })).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('API keys: create, verify, list, rotate, revoke; VerifyApiKey answers outcomes; Noop answers', async () => {
    const context = identity.adminCtx;
    const created = await call('createApiKey', { context, name: 'grpc-key', permissions: ['GraphRead'], expiresInDays: 7 });
    expect(created.key).toMatch(/^qilbee_live_/);
    const keyId = created.apiKey?.id as string;
    const valid = await call('verifyApiKey', { key: created.key });
    expect(valid).toMatchObject({ outcome: Outcome.OUTCOME_VALID, keyId, principal: { userId: identity.adminId, permissions: ['GraphRead'], apiKeyId: keyId } });
    expect((await call('verifyApiKey', { key: 'not-a-key' })).outcome).toBe(Outcome.OUTCOME_MALFORMED);
    const listed = await call('listApiKeys', { context, userId: '', includeRevoked: false });
    expect(listed.keys.map((k) => k.id)).toContain(keyId);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const rotated = await call('rotateApiKey', { context, currentKey: created.key, gracePeriodSeconds: 0 });
    expect((await call('verifyApiKey', { key: created.key })).outcome).toBe(Outcome.OUTCOME_REVOKED);
    await call('revokeApiKey', { context, keyId: rotated.apiKey?.id as string });
    expect((await call('verifyApiKey', { key: rotated.key })).outcome).toBe(Outcome.OUTCOME_REVOKED);
    await expect(call('noop', {})).resolves.toEqual({});
    expect((await call('verifyPassword', { username: 'admin', password: ADMIN_PASSWORD })).outcome).toBe(PasswordOutcome.OUTCOME_VALID);
  });

  it('roles: define, list, delete', async () => {
    const context = identity.adminCtx;
    await call('defineRole', { context, name: 'Auditor', permissions: ['AuditRead'] });
    const roles = await call('listRoles', {});
    expect(roles.roles.find((r) => r.name === 'Auditor')).toEqual({ name: 'Auditor', permissions: ['AuditRead'], builtIn: false });
    expect(roles.roles.filter((r) => r.builtIn).map((r) => r.name)).toEqual(['Admin', 'Developer', 'DataScientist', 'Agent', 'Read']);
    await call('deleteRole', { context, name: 'Auditor' });
    await expect(call('deleteRole', { context, name: 'Auditor' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
