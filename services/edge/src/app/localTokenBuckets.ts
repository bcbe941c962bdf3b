import type { Clock } from '@qilbee/kernel';
import type { EndpointType } from '../domain/rateLimitClassification';
import type { RateDecision } from './rateLimiter';

export interface LocalPolicy {
  name: string;
  maxRequests: number;
  windowSecs: number;
}

/** The contract's default limits (api-contract.md section 4), used while the service is down. */
export const DEFAULT_LOCAL_POLICIES: Record<EndpointType, LocalPolicy> = {
  Login: { name: 'default-login', maxRequests: 5, windowSecs: 60 },
  ApiKeyCreation: { name: 'default-api-key-creation', maxRequests: 10, windowSecs: 3600 },
  UserManagement: { name: 'default-general', maxRequests: 1000, windowSecs: 3600 },
  GeneralApi: { name: 'default-general', maxRequests: 1000, windowSecs: 3600 },
};

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * In-process token buckets: the fallback when the rate-limit service cannot be reached. Each
 * edge instance limits on its own then (so the effective limit is per instance), which is the
 * price of staying up; the edge says so in logs, /metrics and /ready.
 */
export class LocalTokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly policies: Record<EndpointType, LocalPolicy> = DEFAULT_LOCAL_POLICIES,
    private readonly maxBuckets = 100_000,
  ) {}

  take(endpointType: EndpointType, subject: string): RateDecision {
    const policy = this.policies[endpointType];
    const key = `${policy.name}|${subject}`;
    const now = this.clock.nowMs();
    const ratePerMs = policy.maxRequests / (policy.windowSecs * 1000);
    const bucket = this.buckets.get(key) ?? { tokens: policy.maxRequests, updatedMs: now };
    bucket.tokens = Math.min(policy.maxRequests, bucket.tokens + (now - bucket.updatedMs) * ratePerMs);
    bucket.updatedMs = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    if (!this.buckets.has(key) && this.buckets.size >= this.maxBuckets) this.buckets.clear();
    this.buckets.set(key, bucket);
    const untilToken = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
    return {
      allowed,
      limit: policy.maxRequests,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: untilToken,
      fullResetSeconds: Math.ceil((policy.maxRequests - bucket.tokens) / ratePerMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, untilToken),
      policyName: policy.name,
      windowSecs: policy.windowSecs,
      endpointType,
      source: 'local',
    };
  }
}
