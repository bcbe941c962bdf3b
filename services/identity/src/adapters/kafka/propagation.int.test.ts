import { Partitioners } from 'kafkajs';
import { testDatabase, testKafka, uniqueName, waitFor } from '@qilbee/testkit';
import { startTestIdentity, testConfig } from '../../testing/testIdentity';
import { STRONG } from '../../testing/appFixture';

/**
 * Two identity instances on one store. The cache TTL is an hour, so only the published events can
 * make instance B drop what it cached; the observed delay is printed (the target is under 1 s).
 */
describe('propagation between identity instances (real store and Kafka)', () => {
  const authTopic = uniqueName('auth-events');
  const base = testConfig({ API_KEY_CACHE_TTL_MS: '3600000', AUTH_EVENTS_TOPIC: authTopic });
  let a: Awaited<ReturnType<typeof startTestIdentity>>;
  let b: Awaited<ReturnType<typeof startTestIdentity>>;

  beforeAll(async () => {
    a = await startTestIdentity(base);
    b = await startTestIdentity({ ...base, IDENTITY_INSTANCE_ID: uniqueName('inst-b') });
    await waitFor(() => a.app.deps.cache.isEnabled && b.app.deps.cache.isEnabled, { timeoutMs: 20_000, message: 'both caches enabled' });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    const db = await testDatabase('cleanup');
    await db.client.db(base.IDENTITY_DB).dropDatabase();
    await db.close();
  });

  async function keyCachedOnB() {
    const owner = await a.app.createUser(a.adminCtx, { username: uniqueName('own'), email: `${uniqueName('own')}@example.com`, password: STRONG, roles: [] });
    const ownerCtx = { ...a.adminCtx, actorUserId: owner.id };
    const key = await a.app.createApiKey(ownerCtx, { name: 'k', permissions: [] });
    const sizeBefore = b.app.deps.cache.size;
    // B keeps a verification out of its cache while the key's own creation events may still be on
    // their way to it (they invalidate the key), so verify until B has kept one.
    await waitFor(
      async () => {
        expect((await b.app.verifyApiKey(key.secret)).code).toBe('valid');
        return b.app.deps.cache.size === sizeBefore + 1;
      },
      { timeoutMs: 10_000, intervalMs: 20, message: 'key cached on B' },
    );
    // Now cached on B for an hour: only an invalidation event can change B's answer.
    return { owner, ownerCtx, key };
  }

  it('a key revoked on A stops working on B (cached there) without waiting for the TTL', async () => {
    const { ownerCtx, key } = await keyCachedOnB();
    await a.app.revokeApiKey(ownerCtx, key.view.id);
    const started = Date.now();
    await waitFor(async () => (await b.app.verifyApiKey(key.secret)).code === 'revoked', { timeoutMs: 10_000, intervalMs: 10 });
    console.info(`revocation reached instance B after ${Date.now() - started} ms`);
  });

  it('an owner disabled on A makes the key DISABLED_OWNER on B', async () => {
    const { owner, key } = await keyCachedOnB();
    await a.app.updateUser(a.adminCtx, { userId: owner.id, isActive: false });
    const started = Date.now();
    await waitFor(async () => (await b.app.verifyApiKey(key.secret)).code === 'disabled_owner', { timeoutMs: 10_000, intervalMs: 10 });
    console.info(`owner disable reached instance B after ${Date.now() - started} ms`);
  });

  it('last_login follows auth login events (and ignores other events)', async () => {
    const user = await a.app.createUser(a.adminCtx, { username: uniqueName('login'), email: `${uniqueName('login')}@example.com`, password: STRONG, roles: [] });
    expect(user.lastLoginMs).toBeNull();
    const loginAt = '2026-03-04T05:06:07.000Z';
    const event = (type: string, id: string) => ({
      key: user.id,
      value: JSON.stringify({ specversion: '1.0', id, type: `io.qilbee.security.${type}`, data: { event_id: id, event_type: type, result: type === 'login' ? 'success' : 'failure', user_id: user.id, timestamp: type === 'login' ? loginAt : '2027-01-01T00:00:00.000Z' } }),
    });
    const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: authTopic, messages: [event('login_failed', 'e1'), event('login', 'e2'), event('login', 'e2')] });
    await producer.disconnect();
    const seen = await waitFor(async () => (await a.app.getUser(a.adminCtx, user.id)).lastLoginMs ?? undefined, { timeoutMs: 15_000 });
    expect(new Date(seen).toISOString()).toBe(loginAt);
  });
});
