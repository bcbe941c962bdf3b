import type { EndpointType } from '../domain/rateLimitClassification';
import type { LocalTokenBuckets } from './localTokenBuckets';
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

/**
 * Asks the rate-limit service; if it is down (breaker open, deadline passed), answers from local
 * token buckets with the contract's default limits instead of failing open or closed.
 * `undefined` means no enabled policy matched: the request is not limited.
 */
export class RateLimiter {
  private fallbackActive = false;

  constructor(
    private readonly service: Pick<RateLimitPort, 'check'>,
    private readonly local: LocalTokenBuckets,
    private readonly observer: FallbackObserver,
    private readonly domain = 'edge',
  ) {}

  get usingFallback(): boolean {
    return this.fallbackActive;
  }

  async check(question: RateQuestion): Promise<RateDecision | undefined> {
    try {
      const response = await this.service.check({
        domain: this.domain,
        descriptors: [{ endpointType: question.endpointType, path: question.path, subject: question.subject }],
        hits: 1,
      });
      this.setFallback(false);
      const status = response.statuses[0];
      if (!status || !status.matched) return undefined;
      return {
        allowed: status.allowed && response.allowed,
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
    } catch {
      // Whatever the failure (breaker open, deadline, internal), limiting must go on.
      this.setFallback(true);
      return this.local.take(question.endpointType, question.subject);
    }
  }

  private setFallback(active: boolean): void {
    if (active === this.fallbackActive) return;
    this.fallbackActive = active;
    this.observer.onFallback(active);
  }
}
