import type { Clock } from '@qilbee/kernel';
import { decideFromStates } from '../../domain/batch';
import type { BucketState } from '../../domain/tokenBucket';
import type { BucketStore, StoreOutcome, StoreRequest } from '../../app/ports';

interface Scope {
  windowMs: number;
  buckets: Map<string, BucketState>;
}

export interface MemoryBucketStoreOptions {
  /** Hard cap on buckets held; beyond it the oldest are dropped (which only refills them). */
  maxBuckets: number;
}

/**
 * Buckets in this process's memory: the single-instance backend and the Redis fallback.
 * Node runs one check at a time, so read-decide-write needs no lock. A bucket idle for a whole
 * window is full, and a full bucket is the same as no bucket, so sweep() frees it exactly.
 */
export class MemoryBucketStore implements BucketStore {
  private readonly scopes = new Map<string, Scope>();
  private count = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: MemoryBucketStoreOptions = { maxBuckets: 1_000_000 },
  ) {}

  get size(): number {
    return this.count;
  }

  async take(requests: StoreRequest[]): Promise<StoreOutcome> {
    return this.takeNow(requests);
  }

  /** Synchronous core, also used by the fallback path. */
  takeNow(requests: StoreRequest[]): StoreOutcome {
    const nowMs = this.clock.nowMs();
    const states = requests.map((r) => this.scopes.get(r.scope)?.buckets.get(r.subject));
    const decision = decideFromStates(requests, states, nowMs);
    for (const write of decision.writes) {
      const request = requests[write.index];
      if (request) this.write(request, write.state);
    }
    return { allowed: decision.allowed, views: decision.views, degraded: false };
  }

  retainScopes(scopes: ReadonlySet<string>): void {
    for (const [key, scope] of this.scopes) {
      if (!scopes.has(key)) {
        this.count -= scope.buckets.size;
        this.scopes.delete(key);
      }
    }
  }

  /** Frees every bucket that refilled completely; returns how many. */
  sweep(): number {
    const nowMs = this.clock.nowMs();
    let freed = 0;
    for (const [key, scope] of this.scopes) {
      for (const [subject, state] of scope.buckets) {
        if (nowMs - state.lastMs >= scope.windowMs) {
          scope.buckets.delete(subject);
          freed += 1;
        }
      }
      if (scope.buckets.size === 0) this.scopes.delete(key);
    }
    this.count -= freed;
    return freed;
  }

  async close(): Promise<void> {
    this.scopes.clear();
    this.count = 0;
  }

  private write(request: StoreRequest, state: BucketState): void {
    let scope = this.scopes.get(request.scope);
    if (!scope) {
      scope = { windowMs: request.windowMs, buckets: new Map() };
      this.scopes.set(request.scope, scope);
    }
    if (!scope.buckets.has(request.subject)) {
      if (this.count >= this.options.maxBuckets) this.makeRoom();
      this.count += 1;
    }
    scope.buckets.set(request.subject, state);
  }

  private makeRoom(): void {
    if (this.sweep() > 0) return;
    // Everything is active: drop the oldest-inserted bucket. Forgetting a bucket refills it, so
    // the store errs towards allowing; the cap exists to keep memory bounded under key floods.
    for (const [key, scope] of this.scopes) {
      const oldest = scope.buckets.keys().next();
      if (oldest.done) continue;
      scope.buckets.delete(oldest.value);
      this.count -= 1;
      if (scope.buckets.size === 0) this.scopes.delete(key);
      return;
    }
  }
}
