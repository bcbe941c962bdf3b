import { createLogger } from '@qilbee/logger';
import { MemoryBucketStore } from '../adapters/memory/memoryBucketStore';
import type { BucketStore, StoreOutcome, StoreRequest } from './ports';
import { FailoverBucketStore } from './failoverBucketStore';
import { appRig } from './testRig';

/** A shared store that can be switched off, standing in for an unreachable Redis. */
class SwitchableStore implements BucketStore {
  up = true;
  calls = 0;
  constructor(private readonly inner: BucketStore) {}
  async take(requests: StoreRequest[]): Promise<StoreOutcome> {
    this.calls += 1;
    if (!this.up) throw new Error('connect ECONNREFUSED');
    return this.inner.take(requests);
  }
  retainScopes(): void {}
  async close(): Promise<void> {}
}

const silent = createLogger({ service: 'ratelimit-test', level: 'silent' });

async function rig() {
  let shared: SwitchableStore | undefined;
  let failover: FailoverBucketStore | undefined;
  const app = await appRig({
    store: (local, clock) => {
      shared = new SwitchableStore(new MemoryBucketStore(clock));
      failover = new FailoverBucketStore(shared, local, clock, silent, { retryAfterMs: 1000 });
      return failover;
    },
  });
  return { ...app, shared: shared!, failover: failover! };
}

const login = (ip: string) => ({ endpointType: 'Login', path: '/login', subject: `ip:${ip}` });
const custom = (ip: string) => ({ endpointType: '', path: '/closed', subject: `ip:${ip}` });

describe('failover to local buckets', () => {
  it('fail-open policies are decided by local buckets while the shared store is down, and it says so', async () => {
    const r = await rig();
    r.shared.up = false;
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await r.check([login('1.1.1.1')]));
    expect(results.map((x) => x.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results.every((x) => x.degraded)).toBe(true);
    expect(r.failover.sharedReachable).toBe(false);
    expect(r.failover.fallbackDecisionsTotal).toBe(6);
    // Only one attempt on the dead store within the retry period: an outage costs one timeout.
    expect(r.shared.calls).toBe(1);
  });

  it('fail-closed policies reject while the shared store is down, consuming nothing', async () => {
    const r = await rig();
    await r.policies.create({ name: 'closed', endpointType: 'Custom', customPath: '/closed', maxRequests: 5, windowSecs: 60, enabled: true, overrides: [], failOpen: false }, {});
    r.shared.up = false;
    const result = await r.check([custom('1.1.1.1'), login('1.1.1.1')]);
    expect(result.allowed).toBe(false);
    expect(result.results.map((x) => x.matched && x.view.allowed)).toEqual([false, true]);
    expect((await r.check([login('1.1.1.1')])).results[0]).toMatchObject({ view: { remaining: 4 } });
  });

  it('the shared store is tried again after the retry period and takes over when back', async () => {
    const r = await rig();
    r.shared.up = false;
    await r.check([login('1.1.1.1')]);
    r.shared.up = true;
    await r.check([login('1.1.1.1')]);
    expect(r.shared.calls).toBe(1);
    r.clock.advance(1000);
    const back = await r.check([login('1.1.1.1')]);
    expect(back.degraded).toBe(false);
    expect(r.failover.sharedReachable).toBe(true);
    expect(r.shared.calls).toBe(2);
  });
});
