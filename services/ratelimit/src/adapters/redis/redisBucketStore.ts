import type { Redis } from 'ioredis';
import { decideBatch } from '../../domain/batch';
import type { BucketStore, StoreOutcome, StoreRequest } from '../../app/ports';
import { TAKE_BUCKETS_LUA } from './takeBucketsScript';

type TakeBuckets = (numKeys: number, ...keysAndArgs: Array<string | number>) => Promise<Array<number | string>>;

/**
 * Buckets shared by every instance through one atomic Lua script (EVALSHA, loaded once).
 * Errors propagate: the failover store decides what an unreachable Redis means.
 */
export class RedisBucketStore implements BucketStore {
  private readonly takeBuckets: TakeBuckets;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('qilbeeTakeBuckets', { lua: TAKE_BUCKETS_LUA });
    this.takeBuckets = (redis as unknown as { qilbeeTakeBuckets: TakeBuckets }).qilbeeTakeBuckets.bind(redis);
  }

  async take(requests: StoreRequest[]): Promise<StoreOutcome> {
    const keys = requests.map((r) => `${this.keyPrefix}${r.scope}:${r.subject}`);
    const args = requests.flatMap((r) => [r.limit, r.windowMs, r.hits]);
    const reply = await this.takeBuckets(keys.length, ...keys, ...args);
    const nowMs = Number(reply[1]);
    const levels = requests.map((_, i) => Number(reply[i + 2]));
    // The script already charged (or not); the shared pure function describes the result.
    const decision = decideBatch(requests, levels, nowMs);
    if (decision.allowed !== (Number(reply[0]) === 1)) throw new Error('redis bucket script and domain disagree');
    return { allowed: decision.allowed, views: decision.views, degraded: false };
  }

  retainScopes(): void {
    // Keys carry the policy revision and expire when full: old revisions vanish on their own.
  }

  async close(): Promise<void> {
    // quit() waits for pending replies; when not connected it would only wait for a reconnect.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
