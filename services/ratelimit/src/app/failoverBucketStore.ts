import type { Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { BucketView } from '../domain/tokenBucket';
import type { BucketStore, StoreOutcome, StoreRequest } from './ports';

export interface FailoverOptions {
  /** After a failure, how long to decide locally before trying the shared store again. */
  retryAfterMs: number;
}

/** A fail-closed answer for a bucket nobody could ask: rejected, try again in a second. */
const UNKNOWN_REJECTED: BucketView = { allowed: false, remaining: 0, nextTokenMs: 1000, fullMs: 1000, retryAfterMs: 1000 };

/**
 * The shared store (Redis) with a local fallback. When the shared store fails (timeout, refused,
 * not connected) the instance keeps answering from its own buckets for `retryAfterMs`, then tries
 * again, so an outage costs one bounded timeout per retry period, not one per request.
 * Per policy: fail_open=true lets the local buckets decide (limits become per instance);
 * fail_open=false rejects that policy's requests until the shared store is back.
 */
export class FailoverBucketStore implements BucketStore {
  private downUntilMs = 0;
  private fallbackDecisions = 0;

  constructor(
    private readonly shared: BucketStore,
    private readonly local: BucketStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: FailoverOptions,
  ) {}

  get sharedReachable(): boolean {
    return this.downUntilMs === 0;
  }

  get fallbackDecisionsTotal(): number {
    return this.fallbackDecisions;
  }

  async take(requests: StoreRequest[]): Promise<StoreOutcome> {
    if (this.downUntilMs === 0 || this.clock.nowMs() >= this.downUntilMs) {
      try {
        const outcome = await this.shared.take(requests);
        this.markUp();
        return outcome;
      } catch (error) {
        this.markDown(error);
      }
    }
    this.fallbackDecisions += 1;
    return this.decideLocally(requests);
  }

  retainScopes(scopes: ReadonlySet<string>): void {
    this.shared.retainScopes(scopes);
    this.local.retainScopes(scopes);
  }

  async close(): Promise<void> {
    await this.shared.close();
    await this.local.close();
  }

  private async decideLocally(requests: StoreRequest[]): Promise<StoreOutcome> {
    const closed = requests.some((r) => !r.failOpen);
    if (!closed) return { ...(await this.local.take(requests)), degraded: true };
    // A fail-closed policy rejects the whole request; fail-open buckets are only looked at,
    // so the rejection consumes nothing (all-or-nothing holds in degraded mode too).
    const looked = await this.local.take(requests.map((r) => ({ ...r, hits: r.failOpen ? 0 : r.hits })));
    const views = requests.map((r, i) => (r.failOpen ? withHits(looked.views[i], r) : UNKNOWN_REJECTED));
    return { allowed: false, views, degraded: true };
  }

  private markDown(error: unknown): void {
    const wasUp = this.downUntilMs === 0;
    this.downUntilMs = this.clock.nowMs() + this.options.retryAfterMs;
    if (wasUp) this.logger.error({ err: error, retryAfterMs: this.options.retryAfterMs }, 'shared rate-limit store unreachable; deciding with local buckets');
  }

  private markUp(): void {
    if (this.downUntilMs === 0) return;
    this.downUntilMs = 0;
    this.logger.warn({ fallbackDecisionsTotal: this.fallbackDecisions }, 'shared rate-limit store reachable again');
  }
}

/** A looked-at (hits 0) view says "allowed"; in a rejected batch it must say what the hits would get. */
function withHits(view: BucketView | undefined, request: StoreRequest): BucketView {
  if (!view) return UNKNOWN_REJECTED;
  if (request.hits <= view.remaining) return view;
  return { ...view, allowed: false, retryAfterMs: Math.max(view.nextTokenMs, 1) };
}
