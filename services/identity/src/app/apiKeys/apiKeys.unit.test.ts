import { appFixture, publicEvents } from '../../testing/appFixture';
import type { InMemoryUsageStore } from '../../adapters/memory/inMemoryStores';
import { waitFor } from '@qilbee/testkit';
import { expireDueKeys } from './expireApiKeys';

const DAY = 86_400_000;

describe('API keys (application, in-memory twins)', () => {
  it('create then verify: VALID with the key subset of the owner permissions', async () => {
    const { app, newUser } = await appFixture();
    const { ctx } = await newUser('dev', ['Developer']);
    const { secret, view } = await app.createApiKey(ctx, { name: 'ci', permissions: ['GraphRead'] });
    expect(secret).toMatch(/^qilbee_live_/);
    expect(view).toMatchObject({ status: 'active', isActive: true, permissions: ['GraphRead'] });
    const outcome = await app.verifyApiKey(secret);
    expect(outcome).toMatchObject({ code: 'valid', keyId: view.id, principal: { username: 'dev', permissions: ['GraphRead'], apiKeyId: view.id } });
  });

  it('create: a key with more permissions than its owner is refused', async () => {
    const { app, newUser } = await appFixture();
    const { ctx } = await newUser('reader');
    await expect(app.createApiKey(ctx, { name: 'x', permissions: ['GraphRead', 'UserDelete'] })).rejects.toMatchObject({ code: 'permission_denied', reason: 'permissions_exceed_owner' });
  });

  it('a scoped key cannot mint or rotate into a key with more: no permissions asked means its own scope', async () => {
    const { app, newUser } = await appFixture();
    const { ctx } = await newUser('dev', ['Developer']);
    const scoped = (await app.createApiKey(ctx, { name: 'read-only', permissions: ['GraphRead'] })).view;
    const viaScoped = { ...ctx, actorApiKeyId: scoped.id };
    const child = await app.createApiKey(viaScoped, { name: 'child', permissions: [] });
    expect(child.view.permissions).toEqual(['GraphRead']);
    expect(await app.verifyApiKey(child.secret)).toMatchObject({ code: 'valid', principal: { permissions: ['GraphRead'] } });
    await expect(app.createApiKey(viaScoped, { name: 'wider', permissions: ['GraphRead', 'GraphCreate'] })).rejects.toMatchObject({ code: 'permission_denied' });
    const unscoped = await app.createApiKey(ctx, { name: 'full', permissions: [] });
    const rotated = await app.rotateApiKey(viaScoped, { currentKey: unscoped.secret, gracePeriodSeconds: 0 });
    expect(rotated.view.permissions).toEqual(['GraphRead']);
    const viaUnscoped = { ...ctx, actorApiKeyId: (await app.createApiKey(ctx, { name: 'full-2', permissions: [] })).view.id };
    expect((await app.createApiKey(viaUnscoped, { name: 'still-full', permissions: [] })).view.permissions).toEqual([]);
  });

  it('verify: malformed and unknown keys are outcomes, never exceptions', async () => {
    const { app, newUser } = await appFixture();
    const { ctx } = await newUser('dev');
    const { secret } = await app.createApiKey(ctx, { name: 'ci', permissions: [] });
    expect(await app.verifyApiKey('garbage')).toEqual({ code: 'malformed' });
    expect(await app.verifyApiKey(`${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`)).toEqual({ code: 'malformed' });
    const { formatKey } = await import('../../domain/apiKey/keyFormat');
    expect(await app.verifyApiKey(formatKey('0'.repeat(32)))).toEqual({ code: 'not_found' });
  });

  it('revoke: owner or admin; someone else gets NOT_FOUND; revoked keys answer REVOKED at once (cache dropped)', async () => {
    const { app, newUser, asAdmin } = await appFixture();
    const owner = await newUser('owner');
    const other = await newUser('other');
    const { secret, view } = await app.createApiKey(owner.ctx, { name: 'ci', permissions: [] });
    expect((await app.verifyApiKey(secret)).code).toBe('valid');
    await expect(app.revokeApiKey(other.ctx, view.id)).rejects.toMatchObject({ code: 'not_found' });
    await app.revokeApiKey(asAdmin, view.id);
    expect(await app.verifyApiKey(secret)).toEqual({ code: 'revoked', keyId: view.id });
  });

  it('list: own keys without secrets; revoked only on request; another user needs UserRead (403)', async () => {
    const { app, newUser, asAdmin } = await appFixture();
    const owner = await newUser('owner');
    const other = await newUser('other');
    const a = await app.createApiKey(owner.ctx, { name: 'a', permissions: [] });
    await app.createApiKey(owner.ctx, { name: 'b', permissions: [] });
    await app.revokeApiKey(owner.ctx, a.view.id);
    expect((await app.listApiKeys(owner.ctx, '', false)).map((k) => k.name)).toEqual(['b']);
    expect((await app.listApiKeys(owner.ctx, '', true)).map((k) => k.status)).toEqual(['revoked', 'active']);
    await expect(app.listApiKeys(other.ctx, owner.user.id, false)).rejects.toMatchObject({ code: 'permission_denied' });
    expect(await app.listApiKeys(asAdmin, owner.user.id, false)).toHaveLength(1);
    expect(JSON.stringify(await app.listApiKeys(owner.ctx, '', true))).not.toMatch(/qilbee_live_[0-9A-Za-z]{38}|secretHash/);
  });

  it('rotate: caller must own the key; grace keeps the old key until it ends; config carried over', async () => {
    const { app, newUser, asAdmin, clock } = await appFixture();
    const owner = await newUser('owner', ['Developer']);
    const old = await app.createApiKey(owner.ctx, { name: 'ci', permissions: ['GraphRead'], expiresInDays: 30 });
    await expect(app.rotateApiKey(asAdmin, { currentKey: old.secret, gracePeriodSeconds: 0 })).rejects.toMatchObject({ code: 'not_found' });
    const next = await app.rotateApiKey(owner.ctx, { currentKey: old.secret, gracePeriodSeconds: 60 });
    expect(next.view).toMatchObject({ name: 'ci', permissions: ['GraphRead'], expiresAtMs: clock.nowMs() + 30 * DAY });
    expect((await app.verifyApiKey(old.secret)).code).toBe('valid');
    expect((await app.listApiKeys(owner.ctx, '', false)).map((k) => k.status)).toEqual(['grace', 'active']);
    clock.advance(60_000);
    expect((await app.verifyApiKey(old.secret)).code).toBe('revoked');
    expect((await app.verifyApiKey(next.secret)).code).toBe('valid');
    await expect(app.rotateApiKey(owner.ctx, { currentKey: old.secret, gracePeriodSeconds: 0 })).rejects.toMatchObject({ reason: 'api_key_revoked' });
  });

  it('rotate: a key revoked during its grace period stops working at once', async () => {
    const { app, newUser } = await appFixture();
    const owner = await newUser('owner');
    const old = await app.createApiKey(owner.ctx, { name: 'ci', permissions: [] });
    await app.rotateApiKey(owner.ctx, { currentKey: old.secret, gracePeriodSeconds: 3600 });
    expect((await app.verifyApiKey(old.secret)).code).toBe('valid');
    await app.revokeApiKey(owner.ctx, old.view.id);
    expect((await app.verifyApiKey(old.secret)).code).toBe('revoked');
  });

  it('owner disabled or deleted: DISABLED_OWNER at once', async () => {
    const { app, newUser, asAdmin } = await appFixture();
    const a = await newUser('ownera');
    const b = await newUser('ownerb');
    const keyA = await app.createApiKey(a.ctx, { name: 'a', permissions: [] });
    const keyB = await app.createApiKey(b.ctx, { name: 'b', permissions: [] });
    expect((await app.verifyApiKey(keyA.secret)).code).toBe('valid');
    await app.updateUser(asAdmin, { userId: a.user.id, isActive: false });
    await app.deleteUser(asAdmin, b.user.id);
    expect((await app.verifyApiKey(keyA.secret)).code).toBe('disabled_owner');
    expect((await app.verifyApiKey(keyB.secret)).code).toBe('disabled_owner');
  });

  it('expiry: EXPIRED after expires_at, and the sweeper records exactly one api_key_expired', async () => {
    const { app, newUser, clock, deps } = await appFixture();
    const owner = await newUser('owner');
    const key = await app.createApiKey(owner.ctx, { name: 'short', permissions: [], expiresInDays: 1 });
    clock.advance(DAY);
    const before = deps.store.outbox.length;
    const expiredEvents = () => publicEvents(deps.store.outbox.slice(before)).filter((e) => e.data.event_type === 'api_key_expired');
    // Verification notices the expiry and records it in the background; sweeps after it add nothing.
    expect((await app.verifyApiKey(key.secret)).code).toBe('expired');
    await waitFor(() => expiredEvents().length > 0);
    await expireDueKeys(deps);
    await expireDueKeys(deps);
    const expired = expiredEvents();
    expect(expired).toHaveLength(1);
    expect(expired[0]?.data.metadata).toMatchObject({ key_id: key.view.id });
  });

  it('last_used: batched, no write per verification', async () => {
    const { app, newUser, deps, clock } = await appFixture();
    const owner = await newUser('owner');
    const key = await app.createApiKey(owner.ctx, { name: 'k', permissions: [] });
    for (let i = 0; i < 50; i += 1) await app.verifyApiKey(key.secret);
    const usage = deps.usage as InMemoryUsageStore;
    expect(usage.writes).toBe(0);
    expect((await app.listApiKeys(owner.ctx, '', false))[0]?.lastUsedMs).toBe(clock.nowMs());
    await deps.usageBuffer.flush(usage);
    expect(usage.writes).toBe(1);
    expect(usage.lastUsed.get(key.view.id)).toBe(clock.nowMs());
  });

  it('every key command yields exactly one public event, without secrets or hashes', async () => {
    const { app, newUser, deps } = await appFixture();
    const owner = await newUser('owner');
    const before = deps.store.outbox.length;
    const created = await app.createApiKey(owner.ctx, { name: 'k', permissions: [] });
    const rotated = await app.rotateApiKey(owner.ctx, { currentKey: created.secret, gracePeriodSeconds: 0 });
    await app.revokeApiKey(owner.ctx, rotated.view.id);
    const events = publicEvents(deps.store.outbox.slice(before));
    expect(events.map((e) => e.data.event_type)).toEqual(['api_key_created', 'api_key_rotated', 'api_key_revoked']);
    const text = JSON.stringify(events);
    for (const secret of [created.secret, rotated.secret, deps.keyHasher.hash(created.secret)]) expect(text).not.toContain(secret);
  });
});
