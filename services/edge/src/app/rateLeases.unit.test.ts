import { ManualClock } from '@qilbee/kernel';
import { InMemoryRateLimit } from './fakes/inMemoryRateLimit';
import { LocalTokenBuckets } from './localTokenBuckets';
import { RateLeases, type LeaseSettings } from './rateLeases';
import { RateLimiter, type RateQuestion } from './rateLimiter';

const QUESTION: RateQuestion = { endpointType: 'GeneralApi', path: '/graphs/g', subject: 'api_key:k1' };
const SETTINGS: LeaseSettings = { maxBatch: 64, ttlMs: 1000, limitDivisor: 50, maxKeys: 1000 };

async function setup(maxRequests: number, settings: LeaseSettings = SETTINGS) {
  const service = new InMemoryRateLimit();
  await service.createPolicy({ name: 'general', endpointType: 'GeneralApi', customPath: '', maxRequests, windowSecs: 3600, overrides: {} });
  const clock = new ManualClock(Date.now());
  const limiter = new RateLimiter(service, new LocalTokenBuckets(clock), { onFallback: () => undefined }, new RateLeases(clock, settings));
  const burst = async (n: number) => {
    const decisions = [];
    for (let i = 0; i < n; i += 1) decisions.push(await limiter.check(QUESTION));
    return decisions;
  };
  return { service, clock, limiter, burst };
}

describe('rate-limit leases (local decisions on tokens taken from the service in batches)', () => {
  it('a busy subject costs one service call per batch, and the batch doubles while it is used up', async () => {
    const { service, burst } = await setup(100_000);
    const decisions = await burst(1 + 2 + 4 + 8 + 16);
    expect(decisions.every((d) => d?.allowed)).toBe(true);
    expect(service.checks.map((c) => c.hits)).toEqual([1, 2, 4, 8, 16]);
  });

  it('never lets more through than the global limit, and spends the last tokens one by one', async () => {
    const { service, burst } = await setup(150); // cap: 150 / 50 = 3 tokens per lease
    const decisions = await burst(200);
    expect(decisions.filter((d) => d?.allowed)).toHaveLength(150);
    expect(decisions.slice(150).every((d) => d?.allowed === false && d.retryAfterSeconds >= 1)).toBe(true);
    expect(Math.max(...service.checks.map((c) => c.hits))).toBe(3);
  });

  it('remaining counts the tokens the edge still holds, so it falls by one per request', async () => {
    const { burst } = await setup(100_000);
    const remaining = (await burst(7)).map((d) => d?.remaining);
    expect(remaining).toEqual([99_999, 99_998, 99_997, 99_996, 99_995, 99_994, 99_993]);
  });

  it('small limits are never leased: a 5-per-minute login limit asks the service every time', async () => {
    const { service, burst } = await setup(5);
    await burst(8);
    expect(service.checks.map((c) => c.hits)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('an expired lease is dropped and the next batch shrinks to what was used', async () => {
    const { service, clock, burst } = await setup(100_000);
    await burst(1 + 2 + 4); // holds a lease of 4 now fully spent; next ask is 8
    await burst(1); // asks 8, spends 1
    clock.advance(1000);
    await burst(1);
    expect(service.checks.map((c) => c.hits)).toEqual([1, 2, 4, 8, 1]);
  });

  it('concurrent requests of one subject wait for one service call instead of each making one', async () => {
    const { service, limiter, burst } = await setup(100_000);
    await burst(1 + 2 + 4 + 8); // the next lease is 16
    const decisions = await Promise.all(Array.from({ length: 16 }, () => limiter.check(QUESTION)));
    expect(decisions.every((d) => d?.allowed)).toBe(true);
    expect(service.checks).toHaveLength(5);
  });

  it('concurrent requests that waited for a refusal or for "no policy" share that answer instead of queueing', async () => {
    const { service, limiter } = await setup(1);
    await limiter.check(QUESTION); // the only token
    const refused = await Promise.all(Array.from({ length: 10 }, () => limiter.check(QUESTION)));
    expect(refused.every((d) => d?.allowed === false)).toBe(true);
    expect(service.checks).toHaveLength(2);
    const unmatched = await Promise.all(Array.from({ length: 10 }, () => limiter.check({ ...QUESTION, endpointType: 'Login' })));
    expect(unmatched.every((d) => d === undefined)).toBe(true);
    expect(service.checks).toHaveLength(3);
  });

  it('RATE_LEASE_MAX_BATCH=1 turns leasing off', async () => {
    const { service, burst } = await setup(100_000, { ...SETTINGS, maxBatch: 1 });
    await burst(5);
    expect(service.checks.map((c) => c.hits)).toEqual([1, 1, 1, 1, 1]);
  });

  it('no matching policy: not limited, and nothing is leased', async () => {
    const { service, limiter } = await setup(100_000);
    expect(await limiter.check({ ...QUESTION, endpointType: 'Login' })).toBeUndefined();
    expect(await limiter.check({ ...QUESTION, endpointType: 'Login' })).toBeUndefined();
    expect(service.checks).toHaveLength(2);
  });
});
