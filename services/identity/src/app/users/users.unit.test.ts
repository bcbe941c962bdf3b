import { appFixture, contextFor, publicEvents, STRONG } from '../../testing/appFixture';
import type { FakePasswordHasher } from '../../adapters/memory/inMemoryStores';

describe('users (application, in-memory twins)', () => {
  it('create: default role Read, one user_created event naming actor and target, no hash', async () => {
    const { app, asAdmin, admin, deps } = await appFixture();
    const outboxBefore = deps.store.outbox.length;
    const bob = await app.createUser(asAdmin, { username: 'bob', email: 'Bob@Example.com', password: STRONG, roles: [] });
    expect(bob.roles).toEqual(['Read']);
    const events = publicEvents(deps.store.outbox.slice(outboxBefore));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'io.qilbee.security.user_created', subject: bob.id, data: { user_id: admin.id, ip_address: '10.0.0.1', metadata: { target_user_id: bob.id } } });
    expect(JSON.stringify(events)).not.toMatch(/fake\$|passwordHash|Zebra/);
  });

  it('create: a weak password lists every failed rule', async () => {
    const { app, asAdmin } = await appFixture();
    await expect(app.createUser(asAdmin, { username: 'bob', email: 'bob@example.com', password: 'bob', roles: [] })).rejects.toMatchObject({
      code: 'invalid_argument',
      reason: 'weak_password',
      details: { rules: ['min_length', 'uppercase', 'digit', 'special', 'contains_username'] },
    });
  });

  it('create: a bad email, an unknown role and a weak password are refused together, each named', async () => {
    const { app, asAdmin } = await appFixture();
    const refusal = app.createUser(asAdmin, { username: 'bob', email: 'not-an-email', password: 'weak', roles: ['Nope'] });
    await expect(refusal).rejects.toMatchObject({
      code: 'invalid_argument',
      reason: 'validation_failed',
      violations: [
        { field: 'email', message: 'must be a valid email address' },
        { field: 'roles', message: 'unknown role Nope' },
        { field: 'password', message: expect.stringContaining('at least 12 characters') },
      ],
      details: { violations: ['min_length', 'uppercase', 'digit', 'special'] },
    });
  });

  it('create: two racing creates of one username (any case): exactly one wins', async () => {
    const { app, asAdmin } = await appFixture();
    const results = await Promise.allSettled([
      app.createUser(asAdmin, { username: 'carol', email: 'c1@example.com', password: STRONG, roles: [] }),
      app.createUser(asAdmin, { username: 'CAROL', email: 'c2@example.com', password: STRONG, roles: [] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'already_exists', reason: 'duplicate_username' } });
  });

  it('create: email uniqueness is case-insensitive, and a loser releases its username', async () => {
    const { app, asAdmin } = await appFixture();
    await app.createUser(asAdmin, { username: 'dave', email: 'dave@example.com', password: STRONG, roles: [] });
    await expect(app.createUser(asAdmin, { username: 'dave2', email: 'DAVE@example.com', password: STRONG, roles: [] })).rejects.toMatchObject({ reason: 'duplicate_email' });
    await expect(app.createUser(asAdmin, { username: 'dave2', email: 'dave2@example.com', password: STRONG, roles: [] })).resolves.toMatchObject({ username: 'dave2' });
  });

  it('create: without an email (the QilbeeDB SDK style) reserves no email; a later email change works', async () => {
    const { app, asAdmin } = await appFixture();
    const erin = await app.createUser(asAdmin, { username: 'erin', email: '', password: STRONG, roles: [] });
    const frank = await app.createUser(asAdmin, { username: 'frank', email: '', password: STRONG, roles: [] });
    expect([erin.email, frank.email]).toEqual(['', '']);
    await expect(app.updateUser(asAdmin, { userId: erin.id, email: 'erin@example.com' })).resolves.toMatchObject({ email: 'erin@example.com' });
    await expect(app.updateUser(asAdmin, { userId: frank.id, email: 'ERIN@example.com' })).rejects.toMatchObject({ reason: 'duplicate_email' });
  });

  it('delete: the username stays reserved, the email is released', async () => {
    const { app, asAdmin, newUser } = await appFixture();
    const { user } = await newUser('erin');
    await app.deleteUser(asAdmin, user.id);
    await expect(app.getUser(asAdmin, user.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(app.createUser(asAdmin, { username: 'Erin', email: 'x@example.com', password: STRONG, roles: [] })).rejects.toMatchObject({ reason: 'duplicate_username' });
    await expect(app.createUser(asAdmin, { username: 'erin2', email: 'erin@example.com', password: STRONG, roles: [] })).resolves.toBeDefined();
  });

  it('ownership: self may read self; reading or listing others needs UserRead (403)', async () => {
    const { app, admin, newUser } = await appFixture();
    const { user, ctx } = await newUser('frank');
    await expect(app.getUser(ctx, user.id)).resolves.toMatchObject({ username: 'frank' });
    await expect(app.getUser(ctx, admin.id)).rejects.toMatchObject({ code: 'permission_denied' });
    // The same member names the missing permission as in the edge's own 403s.
    await expect(app.listUsers(ctx, { limit: 0, cursor: '', role: '', status: '' })).rejects.toMatchObject({ code: 'permission_denied', details: { required_permission: 'UserRead' } });
  });

  it('update: self may change email; only UserUpdate may change is_active; nobody disables themselves', async () => {
    const { app, asAdmin, admin, newUser } = await appFixture();
    const { user, ctx } = await newUser('gina');
    await expect(app.updateUser(ctx, { userId: user.id, email: 'gina2@example.com' })).resolves.toMatchObject({ email: 'gina2@example.com' });
    await expect(app.updateUser(ctx, { userId: user.id, isActive: false })).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(app.updateUser(asAdmin, { userId: admin.id, isActive: false })).rejects.toMatchObject({ reason: 'cannot_deactivate_self' });
    await expect(app.updateUser(asAdmin, { userId: user.id, isActive: false })).resolves.toMatchObject({ isActive: false });
  });

  it('password: self change needs the right current password; an admin reset does not', async () => {
    const { app, asAdmin, newUser } = await appFixture();
    const { user, ctx } = await newUser('hank');
    const next = 'Another-Strong-Pass-7';
    await expect(app.changePassword(ctx, { userId: user.id, newPassword: next })).rejects.toMatchObject({ reason: 'current_password_required' });
    await expect(app.changePassword(ctx, { userId: user.id, newPassword: next, currentPassword: 'wrong' })).rejects.toMatchObject({ code: 'invalid_argument', reason: 'invalid_current_password' });
    await expect(app.changePassword(ctx, { userId: user.id, newPassword: 'weak', currentPassword: STRONG })).rejects.toMatchObject({ reason: 'weak_password' });
    await app.changePassword(ctx, { userId: user.id, newPassword: next, currentPassword: STRONG });
    await app.changePassword(asAdmin, { userId: user.id, newPassword: 'Admin-Reset-Pass-8' });
    expect((await app.verifyPassword('hank', 'Admin-Reset-Pass-8')).code).toBe('valid');
  });

  it('roles: assignment needs UserManageRoles, roles must exist, the last admin cannot demote themselves', async () => {
    const { app, asAdmin, admin, newUser } = await appFixture();
    const { user, ctx } = await newUser('ivy');
    await expect(app.assignRoles(ctx, user.id, ['Admin'])).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(app.assignRoles(asAdmin, user.id, ['Wizard'])).rejects.toMatchObject({ reason: 'unknown_role' });
    await expect(app.assignRoles(asAdmin, admin.id, ['Read'])).rejects.toMatchObject({ reason: 'cannot_demote_self' });
    await app.defineRole(asAdmin, 'Auditor', ['AuditRead']);
    await expect(app.assignRoles(asAdmin, user.id, ['Read', 'Auditor'])).resolves.toMatchObject({ roles: ['Read', 'Auditor'] });
    expect(await app.checkPermission(user.id, 'AuditRead')).toBe(true);
    await app.deleteRole(asAdmin, 'Auditor');
    expect(await app.checkPermission(user.id, 'AuditRead')).toBe(false);
  });

  it('verify password: unknown users cost one hash verification like a wrong password; disabled only after the right one', async () => {
    const { app, asAdmin, deps, newUser } = await appFixture();
    const hasher = deps.passwords as FakePasswordHasher;
    const { user } = await newUser('jack');
    const before = hasher.verifications;
    expect(await app.verifyPassword('nobody', STRONG)).toEqual({ code: 'invalid' });
    // The same answer for a wrong password; the user id only feeds the lockout's security events.
    expect(await app.verifyPassword('jack', 'wrong')).toEqual({ code: 'invalid', userId: user.id });
    expect(hasher.verifications - before).toBe(2);
    await app.updateUser(asAdmin, { userId: user.id, isActive: false });
    expect(await app.verifyPassword('jack', 'wrong')).toEqual({ code: 'invalid', userId: user.id });
    expect(await app.verifyPassword('JACK', STRONG)).toEqual({ code: 'disabled', userId: user.id });
  });

  it('list: cursor pages in creation order, filters by role and status', async () => {
    const { app, asAdmin, newUser } = await appFixture();
    for (const name of ['k1user', 'k2user', 'k3user']) await newUser(name, name === 'k2user' ? ['Developer'] : []);
    const first = await app.listUsers(asAdmin, { limit: 2, cursor: '', role: '', status: '' });
    expect(first.users.map((u) => u.username)).toEqual(['admin', 'k1user']);
    const second = await app.listUsers(asAdmin, { limit: 2, cursor: first.nextCursor, role: '', status: '' });
    expect(second.users.map((u) => u.username)).toEqual(['k2user', 'k3user']);
    expect(second.nextCursor).toBe('');
    expect((await app.listUsers(asAdmin, { limit: 10, cursor: '', role: 'Developer', status: 'active' })).users.map((u) => u.username)).toEqual(['k2user']);
    await expect(app.listUsers(asAdmin, { limit: 10, cursor: '', role: '', status: 'sleepy' })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('commands without an actor are unauthenticated', async () => {
    const { app } = await appFixture();
    await expect(app.createUser(contextFor({ id: '', username: '' }), { username: 'x', email: 'x@example.com', password: STRONG, roles: [] })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});
