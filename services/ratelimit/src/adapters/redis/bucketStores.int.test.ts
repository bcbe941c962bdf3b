import { Redis } from 'ioredis';
import { systemClock } from '@qilbee/kernel';
import { testEnv, uniqueName, waitFor } from '@qilbee/testkit';
import { MemoryBucketStore } from '../memory/memoryBucketStore';
import type { BucketStore, StoreRequest } from '../../app/ports';
import { RedisBucketStore } from './redisBucketStore';

const scope = uniqueName('scope');
const request = (subject: string, limit: number, windowMs: number, hits = 1): StoreRequest => ({
  key: `${scope}:${subject}`,
  scope,
  subject,
  limit,
  windowMs,
  hits,
  failOpen: true,
});
const HOUR = 3_600_000;

/** One scenario, run unchanged against each backend: both must decide identically. */
function scenario(name: string, makeStore: () => BucketStore) {
  describe(`bucket store: ${name}`, () => {
    let store: BucketStore;
    beforeAll(() => {
      store = makeStore();
    });
    afterAll(() => store.close());

    it('burst then reject, with remaining and retry-after from the refill rate', async () => {
      const allowed = [];
      for (let i = 0; i < 6; i += 1) allowed.push((await store.take([request('burst', 5, HOUR)])).allowed);
      expect(allowed).toEqual([true, true, true, true, true, false]);
      const rejected = await store.take([request('burst', 5, HOUR)]);
      expect(rejected.views[0]).toMatchObject({ allowed: false, remaining: 0 });
      expect(rejected.views[0]!.retryAfterMs).toBeGreaterThan(700_000);
      expect(rejected.views[0]!.retryAfterMs).toBeLessThanOrEqual(720_000);
    });

    it('hits 0 only looks', async () => {
      await store.take([request('look', 5, HOUR, 2)]);
      for (let i = 0; i < 3; i += 1) expect((await store.take([request('look', 5, HOUR, 0)])).views[0]).toMatchObject({ allowed: true, remaining: 3 });
    });

    it('all-or-nothing: a rejected batch charges no bucket', async () => {
      await store.take([request('full', 1, HOUR)]);
      const batch = await store.take([request('fresh', 3, HOUR), request('full', 1, HOUR)]);
      expect(batch.allowed).toBe(false);
      expect(batch.views.map((v) => v.allowed)).toEqual([true, false]);
      expect((await store.take([request('fresh', 3, HOUR, 0)])).views[0]).toMatchObject({ remaining: 3 });
      const both = await store.take([request('fresh', 3, HOUR, 3), request('other', 3, HOUR, 1)]);
      expect(both.allowed).toBe(true);
      expect(both.views.map((v) => v.remaining)).toEqual([0, 2]);
    });

    it('refills lazily: an empty 10-per-second bucket lets one through within ~100 ms', async () => {
      expect((await store.take([request('refill', 10, 1000, 10)])).allowed).toBe(true);
      expect((await store.take([request('refill', 10, 1000)])).allowed).toBe(false);
      await waitFor(async () => (await store.take([request('refill', 10, 1000)])).allowed, { timeoutMs: 2000, intervalMs: 20 });
    });
  });
}

scenario('memory', () => new MemoryBucketStore(systemClock));

const prefix = `${uniqueName('rltest')}:`;
scenario('redis', () => new RedisBucketStore(new Redis(testEnv().redisUrl, { commandTimeout: 1000 }), prefix));

describe('redis keys', () => {
  it('expire exactly when the bucket would be full again (memory stays bounded)', async () => {
    const redis = new Redis(testEnv().redisUrl);
    const store = new RedisBucketStore(redis.duplicate(), prefix);
    await store.take([request('ttl', 4, 10_000, 1)]);
    const pttl = await redis.pttl(`${prefix}${scope}:ttl`);
    expect(pttl).toBeGreaterThan(2000);
    expect(pttl).toBeLessThanOrEqual(2500);
    await store.take([request('peek-only', 4, 10_000, 0)]);
    expect(await redis.exists(`${prefix}${scope}:peek-only`)).toBe(0);
    await store.close();
    await redis.quit();
  });
});
