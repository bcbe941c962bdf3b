import { Redis } from 'ioredis';
import { ratelimitV1 } from '@qilbee/contracts';
import { RateLimitResponse_Code } from '@qilbee/contracts/src/gen/envoy/service/ratelimit/v3/rls';
import { DomainError } from '@qilbee/kernel';
import { ensureTopics } from '@qilbee/kafka-kit';
import { collectMessages, testDatabase, testEnv, testKafka, uniqueName, waitFor } from '@qilbee/testkit';
import { startInstance, type Instance } from './test-support/serviceRig';

jest.setTimeout(30_000);

const ctx = { requestId: 'r1', actorUserId: 'admin-1', actorUsername: 'admin', ipAddress: '10.0.0.9', userAgent: 'jest', actorApiKeyId: '' };
const policyRequest = (path: string, maxRequests: number, windowSecs = 3600): ratelimitV1.CreatePolicyRequest => ({
  context: ctx,
  name: `policy ${path}`,
  endpointType: 'Custom',
  customPath: path,
  maxRequests,
  windowSecs,
  enabled: true,
  overrides: {},
  failOpen: true,
});
const check = (path: string, subject: string, hits = 1): ratelimitV1.CheckRequest => ({ domain: 'test', descriptors: [{ endpointType: 'GeneralApi', path, subject }], hits });

describe('ratelimit service (two instances sharing Redis and the policy store)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let a: Instance;
  let b: Instance;
  const prefix = `${uniqueName('rl')}:`;
  let kafka: Awaited<ReturnType<typeof collectMessages>>;

  beforeAll(async () => {
    database = await testDatabase('ratelimit');
    const admin = testKafka();
    await ensureTopics(admin, ['security.ratelimit.v1']);
    kafka = await collectMessages(testKafka(), ['security.ratelimit.v1']);
    a = await startInstance({ db: database.db.databaseName, backend: 'redis', redisPrefix: prefix });
    b = await startInstance({ db: database.db.databaseName, backend: 'redis', redisPrefix: prefix });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await kafka?.stop();
    await database?.close();
  });

  it('seeds the defaults once, visible and editable through the list', async () => {
    const { policies } = await b.api.listPolicies();
    expect(policies.map((p) => [p.name, p.endpointType, p.maxRequests, p.windowSecs])).toEqual([
      ['Default Login Rate Limit', 'Login', 5, 60],
      ['Default API Key Creation Rate Limit', 'ApiKeyCreation', 10, 3600],
      ['Default General API Rate Limit', 'GeneralApi', 1000, 3600],
    ]);
  });

  it('enforces one global limit: N allowed in total, not N per instance', async () => {
    await a.api.createPolicy(policyRequest('/global', 7));
    await waitFor(async () => (await b.api.check(check('/global/x', 'ip:1.2.3.4', 0))).statuses[0]?.limit === 7, { timeoutMs: 1000 });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).api.check(check('/global/x', 'ip:1.2.3.4'))));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    expect(results.some((r) => r.degraded)).toBe(false);
  });

  it('policy CRUD: validated, hot-applied on the other instance within 1 s, and a change resets buckets', async () => {
    const invalid = await a.api.createPolicy({ ...policyRequest('no-slash', 0, 0), name: '' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DomainError);
    expect((invalid as DomainError).code).toBe('invalid_argument');
    expect((invalid as DomainError).violations.map((v) => v.field)).toEqual(['name', 'custom_path', 'max_requests', 'window_secs']);

    const { policy } = await a.api.createPolicy(policyRequest('/crud', 2));
    await waitFor(async () => (await b.api.check(check('/crud', 'user:u1', 0))).statuses[0]?.policyId === policy!.id, { timeoutMs: 1000 });
    expect((await b.api.check(check('/crud', 'user:u1', 2))).allowed).toBe(true);
    expect((await b.api.check(check('/crud', 'user:u1'))).allowed).toBe(false);

    await a.api.updatePolicy({ context: ctx, policyId: policy!.id, maxRequests: 3, overrides: {}, replaceOverrides: false });
    const afterUpdate = await waitFor(async () => {
      const r = await b.api.check(check('/crud', 'user:u1', 0));
      return r.statuses[0]?.limit === 3 ? r : undefined;
    }, { timeoutMs: 1000 });
    expect(afterUpdate.statuses[0]?.remaining).toBe(3);

    expect((await b.api.getPolicy({ policyId: policy!.id })).policy).toMatchObject({ maxRequests: 3, customPath: '/crud' });
    await b.api.deletePolicy({ context: ctx, policyId: policy!.id });
    await waitFor(async () => (await a.api.check(check('/crud', 'user:u1', 0))).statuses[0]?.policyName === 'Default General API Rate Limit', { timeoutMs: 1000 });
    const missing = await a.api.getPolicy({ policyId: policy!.id }).catch((e: unknown) => e);
    expect((missing as DomainError).code).toBe('not_found');
    const badId = await a.api.getPolicy({ policyId: 'nope' }).catch((e: unknown) => e);
    expect((badId as DomainError).code).toBe('invalid_argument');

    // Audit events through the outbox; consumers dedupe by id, so a redelivery is not an error.
    const seen = () => new Set(kafka.messages.map((m) => JSON.parse(m.value)).filter((e) => e.subject === policy!.id).map((e) => e.data.event_type));
    await waitFor(() => seen().size === 3, { timeoutMs: 15_000, message: `policy events seen: ${[...seen()].join(',')}` }).catch((error: Error) => {
      throw new Error(`${error.message}; seen ${[...seen()].join(',')}`);
    });
    expect([...seen()].sort()).toEqual(['rate_limit_policy_created', 'rate_limit_policy_deleted', 'rate_limit_policy_updated']);
  });

  it('the Envoy protocol gets OVER_LIMIT exactly where the own API does, on the same buckets', async () => {
    await a.api.createPolicy(policyRequest('/envoy', 3));
    await waitFor(async () => (await b.api.check(check('/envoy', 'ip:5.5.5.5', 0))).statuses[0]?.limit === 3, { timeoutMs: 1000 });
    const own: boolean[] = [];
    const viaEnvoy: boolean[] = [];
    for (let i = 0; i < 5; i += 1) {
      own.push((await a.api.check(check('/envoy', 'remote_address:5.5.5.5'))).allowed);
      const response = await b.envoy.shouldRateLimit({
        domain: 'edge',
        descriptors: [{ entries: [{ key: 'path', value: '/envoy' }, { key: 'remote_address', value: '6.6.6.6' }], hitsAddend: undefined }],
        hitsAddend: 0,
      });
      viaEnvoy.push(response.overallCode === RateLimitResponse_Code.OK);
      if (i === 4) {
        expect(response.overallCode).toBe(RateLimitResponse_Code.OVER_LIMIT);
        expect(response.statuses[0]).toMatchObject({ code: RateLimitResponse_Code.OVER_LIMIT, limitRemaining: 0, currentLimit: { requestsPerUnit: 3 } });
        expect(response.statuses[0]?.durationUntilReset?.seconds).toBeGreaterThan(1000);
      }
    }
    expect(own).toEqual([true, true, true, false, false]);
    expect(viaEnvoy).toEqual(own);
    // `subject` passes our subject verbatim, so Envoy and the edge share a bucket.
    const shared = await a.envoy.shouldRateLimit({ domain: 'edge', descriptors: [{ entries: [{ key: 'path', value: '/envoy' }, { key: 'subject', value: 'remote_address:5.5.5.5' }], hitsAddend: undefined }], hitsAddend: 0 });
    expect(shared.overallCode).toBe(RateLimitResponse_Code.OVER_LIMIT);
  });

  it('publishes one rate_limit_exceeded per key per window with the rejection count', async () => {
    const { policy } = await a.api.createPolicy(policyRequest('/flood', 1, 1));
    await waitFor(async () => (await a.api.check(check('/flood', 'ip:7.7.7.7', 0))).statuses[0]?.policyId === policy!.id, { timeoutMs: 1000 });
    const results = [];
    for (let i = 0; i < 10; i += 1) results.push((await a.api.check(check('/flood', 'ip:7.7.7.7'))).allowed);
    const rejected = results.filter((x) => !x).length;
    const events = await waitFor(() => {
      const found = kafka.messages.map((m) => JSON.parse(m.value)).filter((e) => e.data.event_type === 'rate_limit_exceeded' && e.data.metadata.policy_id === policy!.id);
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 10_000 });
    expect(events[0].data.metadata.rejected_count).toBe(rejected);
    expect(events[0]).toMatchObject({ subject: '7.7.7.7', data: { ip_address: '7.7.7.7', result: 'forbidden' } });
  });
});

describe('ratelimit service with Redis unreachable', () => {
  it('falls back to local buckets, says so, and fail-closed policies reject', async () => {
    const database = await testDatabase('ratelimit_down');
    const instance = await startInstance({ db: database.db.databaseName, backend: 'redis', redisUrl: 'redis://127.0.0.1:1', extraEnv: { REDIS_CONNECT_TIMEOUT_MS: '200' } });
    try {
      const open = await instance.api.check({ domain: 'd', descriptors: [{ endpointType: 'Login', path: '/login', subject: 'ip:1.1.1.1' }], hits: 1 });
      expect(open).toMatchObject({ allowed: true, degraded: true });
      await instance.api.createPolicy({ ...policyRequest('/closed', 5), failOpen: false });
      const closed = await instance.api.check(check('/closed', 'ip:1.1.1.1'));
      expect(closed).toMatchObject({ allowed: false, degraded: true });
      const status = await instance.api.getStatus();
      expect(status).toMatchObject({ backend: 'redis', sharedStoreReachable: false });
      expect(status.fallbackDecisionsTotal).toBeGreaterThanOrEqual(2);
    } finally {
      await instance.stop();
      await database.close();
    }
  });
});

describe('memory backend through gRPC', () => {
  it('same decisions as Redis: burst, reject, hits 0 looks', async () => {
    const database = await testDatabase('ratelimit_mem');
    const instance = await startInstance({ db: database.db.databaseName, backend: 'memory' });
    try {
      const outcomes = [];
      for (let i = 0; i < 6; i += 1) outcomes.push((await instance.api.check({ domain: 'd', descriptors: [{ endpointType: 'Login', path: '', subject: 'ip:4.4.4.4' }], hits: 1 })).allowed);
      expect(outcomes).toEqual([true, true, true, true, true, false]);
      const look = await instance.api.check({ domain: 'd', descriptors: [{ endpointType: 'Login', path: '', subject: 'ip:4.4.4.4' }], hits: 0 });
      expect(look.statuses[0]).toMatchObject({ allowed: true, remaining: 0, limit: 5, retryAfterSeconds: 0 });
      expect((await instance.api.getStatus()).localBuckets).toBe(1);
    } finally {
      await instance.stop();
      await database.close();
    }
  });
});

afterAll(async () => {
  // Leave no test buckets behind in the shared Redis.
  const redis = new Redis(testEnv().redisUrl);
  const keys = await redis.keys('qilbee:rl:test:*');
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});
