import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@qilbee/event-store';
import { ManualClock } from '@qilbee/kernel';
import { DEFAULT_USER_POLICY, MINUTE_MS } from '../domain/lockout';
import { AuthApp } from './authApp';
import { FakeIdentity } from './inMemory/fakeIdentity';
import { InMemoryLockoutDirectory, InMemoryRevocationStore, InMemorySessionDirectory, InMemorySigningKeyVault, noCommitHooks } from './inMemory/inMemoryPorts';

const ctx = { requestId: 'r', actorUserId: '', actorUsername: '', ipAddress: '192.0.2.1', userAgent: 'ua', actorApiKeyId: '' };

// uuidv7 keeps ids monotonic process-wide, so each app starts its manual clock past every earlier one.
let epochMs = Date.now();
async function setup() {
  epochMs += 24 * 60 * MINUTE_MS;
  const clock = new ManualClock(epochMs);
  const store = new InMemoryEventStore(clock);
  const identity = new FakeIdentity();
  const bob = identity.add({ userId: randomUUID(), username: 'bob', roles: ['Developer'], isActive: true, password: 'pw-Bob-123456!' });
  const app = new AuthApp({
    store, clock, identity, vault: new InMemorySigningKeyVault(), revocationStore: new InMemoryRevocationStore(), lockoutDirectory: new InMemoryLockoutDirectory(), sessionDirectory: new InMemorySessionDirectory(), hooks: noCommitHooks,
    settings: { issuer: 'qilbee-auth', audience: 'qilbee-api', accessTtlMs: 15 * MINUTE_MS, refreshTtlMs: 7 * 24 * 60 * MINUTE_MS },
    signingAlg: 'EdDSA', rotationIntervalMs: 24 * 60 * MINUTE_MS, clockSkewSeconds: 10, userPolicy: DEFAULT_USER_POLICY, ipPolicy: { ...DEFAULT_USER_POLICY, maxFailedAttempts: 20 },
  });
  await app.start();
  const published = () => store.outbox.map((p) => JSON.parse(p.value) as { type: string; data: { event_type: string; metadata: Record<string, unknown> } });
  return { app, clock, identity, bob, store, published };
}

async function loginOk(app: AuthApp, username = 'bob', password = 'pw-Bob-123456!') {
  const result = await app.login(username, password, ctx);
  if (result.outcome !== 'success') throw new Error(`login ${result.outcome}`);
  return result.tokens;
}

describe('auth app (in-memory ports)', () => {
  it('login issues a valid EdDSA access token with the contract claims and a refresh token', async () => {
    const { app, bob } = await setup();
    const tokens = await loginOk(app);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresInS: expect.any(Number), refreshExpiresInS: 604800, userId: bob.userId, username: 'bob' });
    const result = await app.introspect(tokens.accessToken);
    expect(result).toMatchObject({ active: true, claims: { sub: bob.userId, username: 'bob', roles: ['Developer'], iss: 'qilbee-auth', aud: 'qilbee-api' } });
    expect(tokens.refreshToken).toMatch(/^rt1\./);
  });

  it('counts unknown users like known ones and answers identically', async () => {
    const { app } = await setup();
    const unknown = await app.login('nobody', 'x', ctx);
    const known = await app.login('bob', 'wrong', ctx);
    expect(unknown).toEqual({ outcome: 'bad_credentials', lockout: expect.objectContaining({ failedAttempts: 1, remainingAttempts: 4 }) });
    expect(known).toEqual(unknown);
  });

  it('answers a burst of 100 parallel wrong passwords exactly, in a few appends rather than one per attempt', async () => {
    const { app, store, published, identity } = await setup();
    let appends = 0;
    const append = store.append.bind(store);
    store.append = (...args) => ((appends += 1), append(...args));
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => app.login('bob', 'wrong', ctx)));
    const byOutcome = (name: string) => outcomes.filter((o) => o.outcome === name);
    expect(byOutcome('bad_credentials')).toHaveLength(5);
    expect(byOutcome('locked')).toHaveLength(95); // the fifth failure locks; the rest are refused
    expect(new Set(byOutcome('bad_credentials').map((o) => o.lockout.failedAttempts))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(byOutcome('locked').every((o) => o.lockout.locked)).toBe(true);
    // One public login_failed per attempt on the account, whichever batch carried it, and one lock.
    const onBob = (type: string) => published().filter((e) => e.data.event_type === type && (e.data as { resource?: string }).resource === 'username:bob');
    expect(onBob('login_failed')).toHaveLength(100);
    expect(onBob('account_locked')).toHaveLength(1);
    expect(appends).toBeLessThan(40); // one per attempt on each of the two streams would be 200
    // Only the first wave checked a password: the others waited and found the account locked.
    expect(identity.verifyCalls).toBe(5);
  });

  it('splits a burst on a locked account into commits of at most 100 attempts, each stored with its own request', async () => {
    const { app, store } = await setup();
    for (let i = 0; i < 5; i += 1) await app.login('bob', 'wrong', ctx);
    const sizes: number[] = [];
    const append = store.append.bind(store);
    store.append = (streamId, version, events, options) => {
      if (streamId.startsWith('lockout-user-')) sizes.push(events.length);
      return append(streamId, version, events, options);
    };
    const outcomes = await Promise.all(Array.from({ length: 250 }, (_, i) => app.login('bob', 'wrong', { ...ctx, requestId: `burst-${i}` })));
    expect(outcomes.every((o) => o.outcome === 'locked')).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(250);
    const stored = await store.readStream('lockout-user-bob');
    const batched = stored.find((e) => Array.isArray(e.metadata.requests));
    expect((batched?.metadata.requests as Array<{ requestId: string }>).every((r) => r.requestId.startsWith('burst-'))).toBe(true);
  });

  it("keys an account's lockout events by its user id (the name when no user has it)", async () => {
    const { app, store, bob } = await setup();
    for (let i = 0; i < 5; i += 1) await app.login('bob', 'wrong', ctx);
    for (let i = 0; i < 5; i += 1) await app.login('ghost', 'wrong', ctx);
    const locks = store.outbox.filter((p) => p.value.includes('"account_locked"')).map((p) => ({ key: p.key, event: JSON.parse(p.value) as { subject: string; data: { user_id: string | null; username: string } } }));
    expect(locks.map((l) => [l.key, l.event.subject, l.event.data.user_id, l.event.data.username])).toEqual([
      [bob.userId, bob.userId, null, 'bob'],
      ['ghost', 'ghost', null, 'ghost'],
    ]);
    // An admin's unlock and lock of the same account go under the same key.
    const admin = { ...ctx, actorUserId: 'admin-id', actorUsername: 'admin' };
    await app.unlockAccount('bob', admin);
    await app.lockAccount('bob', 'investigation', admin);
    const byAdmin = store.outbox.filter((p) => /"account_(un)?locked"/.test(p.value) && p.value.includes('"admin-id"'));
    expect(byAdmin.map((p) => p.key)).toEqual([bob.userId, bob.userId]);
  });

  it('refuses a locked account without checking the password, and reopens after 15 minutes', async () => {
    const { app, clock, identity } = await setup();
    for (let i = 0; i < 5; i += 1) await app.login('bob', 'wrong', ctx);
    const calls = identity.verifyCalls;
    expect(await app.login('bob', 'pw-Bob-123456!', ctx)).toMatchObject({ outcome: 'locked', lockout: { locked: true, lockoutRemainingSeconds: 900 } });
    expect(identity.verifyCalls).toBe(calls);
    clock.advance(15 * MINUTE_MS + 1000);
    expect((await app.login('bob', 'pw-Bob-123456!', ctx)).outcome).toBe('success');
  });

  it('publishes login_failed with a reason, account_locked, and never a secret', async () => {
    const { app, published } = await setup();
    for (let i = 0; i < 6; i += 1) await app.login('bob', 'wrong', ctx);
    const tokens = await app.login('bob', 'pw-Bob-123456!', { ...ctx, ipAddress: '192.0.2.2' });
    const events = published();
    expect(events.filter((e) => e.data.event_type === 'login_failed').map((e) => e.data.metadata.reason)).toEqual(['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'locked', 'locked']);
    expect(events.filter((e) => e.data.event_type === 'account_locked')).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('pw-Bob');
    expect(tokens.outcome).toBe('locked');
  });

  it('admin lock has a reason and no expiry; unlock of a never-seen user is not_found; status of one is the default', async () => {
    const { app } = await setup();
    expect(await app.lockoutStatus('ghost')).toEqual({ locked: false, failedAttempts: 0, remainingAttempts: 5, lockoutExpiresMs: null, lockoutRemainingSeconds: null, lockoutCount: 0, lockoutReason: null });
    await expect(app.unlockAccount('ghost', ctx)).rejects.toMatchObject({ code: 'not_found' });
    expect(await app.lockAccount('bob', 'investigation', ctx)).toMatchObject({ locked: true, lockoutReason: 'investigation', lockoutExpiresMs: null });
    expect((await app.listLockouts()).map((e) => e.username)).toEqual(['bob']);
    expect((await app.unlockAccount('bob', ctx)).locked).toBe(false);
  });

  it('revoke-all ends every earlier session (counted) but not one started a moment later', async () => {
    const { app, bob, clock } = await setup();
    const first = await loginOk(app);
    await loginOk(app);
    clock.advance(5);
    expect(await app.revokeAllForUser(bob.userId, 'admin_revoke', ctx)).toEqual({ previouslyRevokedCount: 2 });
    expect(await app.introspect(first.accessToken)).toEqual({ active: false, reason: 'revoked' });
    expect((await app.refresh(first.refreshToken, undefined, ctx)).outcome).toBe('invalid');
    clock.advance(5);
    const later = await loginOk(app);
    expect((await app.introspect(later.accessToken)).active).toBe(true);
    await expect(app.revokeAllForUser('not-a-uuid', 'admin_revoke', ctx)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('applies an identity event once even if redelivered', async () => {
    const { app, bob, published } = await setup();
    const event = JSON.stringify({ id: 'evt-1', data: { event_type: 'user_updated', timestamp: new Date().toISOString(), resource: `user:${bob.userId}`, metadata: { is_active: false, target_user_id: bob.userId } } });
    expect(await app.handleIdentityEvents([event, event, JSON.stringify({ id: 'evt-2', data: { event_type: 'user_updated', metadata: { is_active: true } } })])).toBe(2);
    expect(published().filter((e) => e.data.event_type === 'all_tokens_revoked')).toHaveLength(1);
  });

  it('refresh rotates, and a deactivated user cannot refresh', async () => {
    const { app, identity, bob } = await setup();
    const tokens = await loginOk(app);
    const rotated = await app.refresh(tokens.refreshToken, undefined, ctx);
    expect(rotated.outcome).toBe('success');
    identity.users.set('bob', { ...bob, password: 'pw-Bob-123456!', isActive: false });
    if (rotated.outcome !== 'success') throw new Error('no rotation');
    expect((await app.refresh(rotated.tokens.refreshToken, undefined, ctx)).outcome).toBe('invalid');
  });

  it('revoke accepts an expired token we issued and refuses garbage', async () => {
    const { app, clock } = await setup();
    const tokens = await loginOk(app);
    clock.advance(60 * MINUTE_MS);
    expect(await app.introspect(tokens.accessToken)).toEqual({ active: false, reason: 'expired' });
    expect((await app.revoke(tokens.accessToken, ctx)).jti).toBeTruthy();
    await expect(app.revoke('a.b.c', ctx)).rejects.toMatchObject({ code: 'invalid_argument', reason: 'invalid_token' });
    expect((await app.revoke(tokens.refreshToken, ctx)).jti).toBeTruthy();
  });
});
