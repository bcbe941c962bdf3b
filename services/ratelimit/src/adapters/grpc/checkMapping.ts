import type { ratelimitV1 } from '@qilbee/contracts';
import { msToCeilSeconds } from '../../domain/tokenBucket';
import type { CheckInput, CheckResult, DescriptorResult } from '../../app/checkRateLimit';

export function toCheckInput(request: ratelimitV1.CheckRequest): CheckInput {
  return {
    domain: request.domain,
    descriptors: request.descriptors.map((d) => ({ endpointType: d.endpointType, path: d.path, subject: d.subject, hits: request.hits })),
  };
}

export function toCheckResponse(result: CheckResult): ratelimitV1.CheckResponse {
  return { allowed: result.allowed, degraded: result.degraded, statuses: result.results.map(toStatus) };
}

const UNLIMITED: ratelimitV1.DescriptorStatus = {
  allowed: true,
  limit: 0,
  remaining: 0,
  resetSeconds: 0,
  retryAfterSeconds: 0,
  policyId: '',
  policyName: '',
  windowSecs: 0,
  matched: false,
  fullResetSeconds: 0,
  retryAfterMs: 0,
};

function toStatus(result: DescriptorResult): ratelimitV1.DescriptorStatus {
  if (!result.matched) return UNLIMITED;
  const { view, policy } = result;
  return {
    allowed: view.allowed,
    limit: result.limit,
    remaining: view.remaining,
    resetSeconds: msToCeilSeconds(view.allowed ? view.nextTokenMs : view.retryAfterMs),
    retryAfterSeconds: view.allowed ? 0 : Math.max(1, msToCeilSeconds(view.retryAfterMs)),
    policyId: policy.id,
    policyName: policy.name,
    windowSecs: policy.windowSecs,
    matched: true,
    fullResetSeconds: msToCeilSeconds(view.fullMs),
    retryAfterMs: view.retryAfterMs,
  };
}
