import type { ratelimitV1 } from '@qilbee/contracts';
import type { EndpointType } from '../domain/rateLimitClassification';
import type { LocalTokenBuckets } from './localTokenBuckets';
import type { RateLeases } from './rateLeases';
import type { RateLimitPort } from './ports';

/** What the client is told about its bucket (X-RateLimit-*, RateLimit, Retry-After). */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until one token is back (QilbeeDB's X-RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until the bucket is full again (the IETF RateLimit `t`). */
  fullResetSeconds: number;
  retryAfterSeconds: number;
  policyName: string;
  windowSecs: number;
  endpointType: EndpointType;
  /** `service` normally; `local` while the rate-limit service is unreachable. */
  source: 'service' | 'local';
}

export interface RateQuestion {
  endpointType: EndpointType;
  path: string;
  subject: string;
}

/** Observes fallback transitions so logs/metrics/ready can say "local buckets in use". */
export interface FallbackObserver {
  onFallback(active: boolean): void;
}

/** One bucket per policy and subject on the service; the edge leases per question it asks. */
function leaseKey(question: RateQuestion): string {
  return `${question.endpointType}\u0000${question.path}\u0000${question.subject}`;
}

type ServiceStatus = ratelimitV1.CheckResponse['statuses'][number];

/**
 * Asks the rate-limit service, in leased batches for busy subjects (see RateLeases); if it is
 * down (breaker open, deadline passed), answers from local token buckets with the contract's
 * default limits instead of failing open or closed.
 * `undefined` means no enabled policy matched: the request is not limited.
 */
export class RateLimiter {
  private fallbackActive = false;
  /** One service call per key at a time: concurrent requests of a subject wait for its lease. */
  private readonly inflight = new Map<string, Promise<RateDecision | undefined>>();

  constructor(
    private readonly service: Pick<RateLimitPort, 'check'>,
    private readonly local: LocalTokenBuckets,
    private readonly observer: FallbackObserver,
    private readonly leases: RateLeases,
    private readonly domain = 'edge',
  ) {}

  get usingFallback(): boolean {
    return this.fallbackActive;
  }

  async check(question: RateQuestion): Promise<RateDecision | undefined> {
    const key = leaseKey(question);
    for (;;) {
      const paid = this.leases.spend(key);
      if (paid) return paid;
      const pending = this.inflight.get(key);
      if (!pending) break;
      const shared = await pending;
      const leased = this.leases.spend(key);
      if (leased) return leased;
      // Requests that waited for the same check share its answer when it leaves nothing to spend:
      // no policy matched, or the service refused (asking again at once would be refused too).
      // Otherwise they would queue behind one another, one service call each.
      if (shared === undefined || (!shared.allowed && shared.source === 'service')) return shared;
      if (shared.source === 'local') return this.local.take(question.endpointType, question.subject);
    }
    const asking = this.ask(key, question).finally(() => this.inflight.delete(key));
    this.inflight.set(key, asking);
    return asking;
  }

  private async ask(key: string, question: RateQuestion): Promise<RateDecision | undefined> {
    try {
      const size = this.leases.nextBatch(key);
      let granted = size;
      let status = await this.checkOnce(question, size);
      if (status?.matched && !status.allowed && size > 1) {
        // All-or-nothing: a refused batch consumed nothing, so the last tokens may still be there.
        granted = 1;
        status = await this.checkOnce(question, 1);
      }
      this.setFallback(false);
      if (!status?.matched) {
        this.leases.forget(key);
        return undefined;
      }
      const decision = toDecision(status, question);
      if (decision.allowed) return this.leases.grant(key, decision, granted);
      this.leases.forget(key);
      return decision;
    } catch {
      // Whatever the failure (breaker open, deadline, internal), limiting must go on.
      this.setFallback(true);
      this.leases.forget(key);
      return this.local.take(question.endpointType, question.subject);
    }
  }

  private async checkOnce(question: RateQuestion, hits: number): Promise<ServiceStatus | undefined> {
    const response = await this.service.check({
      domain: this.domain,
      descriptors: [{ endpointType: question.endpointType, path: question.path, subject: question.subject }],
      hits,
    });
    const status = response.statuses[0];
    return status && { ...status, allowed: status.allowed && response.allowed };
  }

  private setFallback(active: boolean): void {
    if (active === this.fallbackActive) return;
    this.fallbackActive = active;
    this.observer.onFallback(active);
  }
}

function toDecision(status: ServiceStatus, question: RateQuestion): RateDecision {
  return {
    allowed: status.allowed,
    limit: status.limit,
    remaining: status.remaining,
    resetSeconds: status.resetSeconds,
    fullResetSeconds: status.fullResetSeconds || status.resetSeconds,
    retryAfterSeconds: status.allowed ? 0 : Math.max(1, Math.ceil(status.retryAfterMs / 1000) || status.retryAfterSeconds || status.resetSeconds),
    policyName: status.policyName || question.endpointType,
    windowSecs: status.windowSecs,
    endpointType: question.endpointType,
    source: 'service',
  };
}
