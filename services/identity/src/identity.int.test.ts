import { MongoClient } from 'mongodb';
import { collectMessages, testEnv, testKafka, uniqueName, waitFor } from '@qilbee/testkit';
import { TOPICS } from '@qilbee/contracts';
import type { Config } from './config';
import { startTestIdentity, testConfig } from './testing/testIdentity';
import { STRONG } from './testing/appFixture';
import { expireDueKeys } from './app/apiKeys/expireApiKeys';

type Running = Awaited<ReturnType<typeof startTestIdentity>>;

describe('identity against the real store and Kafka', () => {
  let config: Config;
  let identity: Running;
  let mongo: MongoClient;

  beforeAll(async () => {
    config = testConfig();
    identity = await startTestIdentity(config);
    mongo = await MongoClient.connect(testEnv().mongoUrl);
  });
  afterAll(async () => {
    await identity.stop();
    await mongo.db(config.IDENTITY_DB).dropDatabase();
    await mongo.close();
  });

  it('two racing creates of one username: exactly one wins', async () => {
    const { app, adminCtx } = identity;
    const results = await Promise.allSettled(
      ['racer', 'RACER', 'Racer'].map((username, i) => app.createUser(adminCtx, { username, email: `racer${i}@example.com`, password: STRONG, roles: [] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(losers.every((r) => r.reason.reason === 'duplicate_username')).toBe(true);
    const page = await app.listUsers(adminCtx, { limit: 100, cursor: '', role: '', status: '' });
    expect(page.users.filter((u) => u.username.toLowerCase() === 'racer')).toHaveLength(1);
  });

  it('every command yields exactly one public event on Kafka, with no secret or hash', async () => {
    const { app, adminCtx, deps } = { ...identity, deps: identity.app.deps };
    const ctx = { ...adminCtx, requestId: uniqueName('every') };
    const collector = await collectMessages(testKafka(), [TOPICS.identity]);
    try {
      const user = await app.createUser(ctx, { username: uniqueName('u'), email: `${uniqueName('e')}@example.com`, password: STRONG, roles: [] });
      await app.updateUser(ctx, { userId: user.id, email: `${uniqueName('e2')}@example.com` });
      await app.changePassword(ctx, { userId: user.id, newPassword: 'Changed-Strong-Pass-9' });
      await app.assignRoles(ctx, user.id, ['Developer']);
      const userCtx = { ...ctx, actorUserId: user.id, actorUsername: user.username };
      const key = await app.createApiKey(userCtx, { name: 'k', permissions: ['GraphRead'], expiresInDays: 1 });
      const rotated = await app.rotateApiKey(userCtx, { currentKey: key.secret, gracePeriodSeconds: 0 });
      await app.revokeApiKey(userCtx, rotated.view.id);
      const role = uniqueName('Role').replace(/_/g, '-');
      await app.defineRole(ctx, role, ['AuditRead']);
      await app.deleteRole(ctx, role);
      await app.updateUser(ctx, { userId: user.id, isActive: false });
      await app.deleteUser(ctx, user.id);
      const expected = ['user_created', 'user_updated', 'user_password_changed', 'role_assigned', 'api_key_created', 'api_key_rotated', 'api_key_revoked', 'role_defined', 'role_deleted', 'user_updated', 'user_deleted'];
      // At-least-once delivery: a relay retry may repeat a record; consumers dedupe by event id.
      const ours = () => {
        const byId = new Map<string, { id: string; data: { event_type: string; event_id: string; metadata: Record<string, unknown> } }>();
        for (const m of collector.messages) {
          const event = JSON.parse(m.value);
          if (event.data?.metadata?.request_id === ctx.requestId) byId.set(event.id, event);
        }
        return [...byId.values()];
      };
      await waitFor(() => ours().length >= expected.length, { timeoutMs: 15_000, message: 'all public events relayed' });
      const events = ours();
      expect(events.map((e) => e.data.event_type)).toEqual(expected);
      for (const event of events) {
        expect(event).toMatchObject({ specversion: '1.0', source: '/qilbee/identity', type: `io.qilbee.security.${event.data.event_type}` });
        expect(event.id).toBe(event.data.event_id);
      }
      expect(events[9]?.data.metadata).toMatchObject({ target_user_id: user.id, is_active: false });
      const keys = collector.messages.filter((m) => m.value.includes(ctx.requestId)).map((m) => m.key);
      expect(keys[0]).toBe(user.id);
      const text = JSON.stringify(collector.messages.map((m) => m.value));
      for (const secret of [key.secret, rotated.secret, deps.keyHasher.hash(key.secret), STRONG, 'Changed-Strong-Pass-9', '$argon2id$']) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await collector.stop();
    }
  });

  it('an expired key gets exactly one api_key_expired event, even when two sweeps race', async () => {
    const { app, adminCtx } = identity;
    const deps = app.deps;
    const owner = await app.createUser(adminCtx, { username: uniqueName('exp'), email: `${uniqueName('exp')}@example.com`, password: STRONG, roles: [] });
    const key = await app.createApiKey({ ...adminCtx, actorUserId: owner.id }, { name: 'short', permissions: [], expiresInDays: 1 });
    // Time travel: the sweeps run one day later.
    const later = { ...deps, clock: { nowMs: () => Date.now() + 86_400_000 } };
    const results = await Promise.all([expireDueKeys(later), expireDueKeys(later)]);
    expect(results[0] + results[1]).toBe(1);
    const history = await deps.store.readStream(`apikey-${key.view.id}`);
    expect(history.map((e) => e.type)).toEqual(['ApiKeyIssued', 'ApiKeyExpired']);
  });

  it('projections rebuilt from scratch equal the live ones', async () => {
    const db = mongo.db(config.IDENTITY_DB);
    const snapshot = async (collection: string) => (await db.collection(collection).find({}).sort({ _id: 1 }).toArray()).map((doc) => JSON.stringify(doc));
    const collections = ['users_view', 'api_keys_view', 'roles_view'];
    const live = await Promise.all(collections.map(snapshot));
    expect(live[0]?.length).toBeGreaterThan(3);
    expect(live[1]?.length).toBeGreaterThan(1);
    const deps = identity.app.deps;
    for (const model of [deps.users, deps.apiKeys, deps.roles]) await model.rebuild();
    expect(await Promise.all(collections.map(snapshot))).toEqual(live);
  });

  it('a restart loses nothing: users, keys (same pepper), public events, and no second bootstrap', async () => {
    const { app, adminCtx } = identity;
    const collector = await collectMessages(testKafka(), [TOPICS.identity]);
    try {
      const owner = await app.createUser(adminCtx, { username: uniqueName('keep'), email: `${uniqueName('keep')}@example.com`, password: STRONG, roles: [] });
      const key = await app.createApiKey({ ...adminCtx, actorUserId: owner.id }, { name: 'survivor', permissions: [] });
      // Stop at once: whatever the relay had not sent yet must be sent by the next instance.
      await identity.stop();
      identity = await startTestIdentity({ ...config, IDENTITY_INSTANCE_ID: uniqueName('inst2') });
      expect(await identity.app.getUser(identity.adminCtx, owner.id)).toMatchObject({ username: owner.username });
      expect(await identity.app.verifyApiKey(key.secret)).toMatchObject({ code: 'valid', keyId: key.view.id });
      expect((await identity.app.listUsers(identity.adminCtx, { limit: 1000, cursor: '', role: 'Admin', status: '' })).users).toHaveLength(1);
      const subjects = () => new Set(collector.messages.map((m) => m.key));
      await waitFor(() => subjects().has(owner.id) && subjects().has(key.view.id), { timeoutMs: 15_000, message: 'events from before the restart relayed' });
    } finally {
      await collector.stop();
    }
  });
});
