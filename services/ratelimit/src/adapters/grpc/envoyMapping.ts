import type { RateLimitRequest, RateLimitResponse, RateLimitResponse_DescriptorStatus } from '@qilbee/contracts/src/gen/envoy/service/ratelimit/v3/rls';
import { RateLimitResponse_Code, RateLimitResponse_RateLimit_Unit } from '@qilbee/contracts/src/gen/envoy/service/ratelimit/v3/rls';
import type { RateLimitDescriptor as EnvoyDescriptor } from '@qilbee/contracts/src/gen/envoy/extensions/common/ratelimit/v3/ratelimit';
import type { CheckDescriptor, CheckInput, CheckResult, DescriptorResult } from '../../app/checkRateLimit';

/**
 * Envoy descriptors -> ours. Entry keys:
 * - `endpoint_type` -> endpoint type (Login, GeneralApi, ...); `path` -> path (Custom policies);
 * - `subject` -> the subject verbatim (e.g. `ip:203.0.113.9`, to share buckets with the edge);
 * - every other entry becomes `key:value`, joined with `|` in order, as the subject
 *   (`remote_address=1.2.3.4` -> `remote_address:1.2.3.4`).
 * A descriptor without any subject entry is limited as one bucket named `domain:<domain>`.
 * Hits: the descriptor's hits_addend, else the request's, else 1 (Envoy's rule: unset means 1).
 */
export function fromEnvoyRequest(request: RateLimitRequest): CheckInput {
  const requestHits = request.hitsAddend === 0 ? 1 : request.hitsAddend;
  return { domain: request.domain, descriptors: request.descriptors.map((d) => fromEnvoyDescriptor(d, request.domain, requestHits)) };
}

function fromEnvoyDescriptor(descriptor: EnvoyDescriptor, domain: string, requestHits: number): CheckDescriptor {
  let endpointType = '';
  let path = '';
  let subject = '';
  const parts: string[] = [];
  for (const entry of descriptor.entries) {
    if (entry.key === 'endpoint_type') endpointType = entry.value;
    else if (entry.key === 'path') path = entry.value;
    else if (entry.key === 'subject') subject = entry.value;
    else parts.push(`${entry.key}:${entry.value}`);
  }
  if (subject === '') subject = parts.length > 0 ? parts.join('|') : `domain:${domain}`;
  return { endpointType, path, subject, hits: descriptor.hitsAddend ?? requestHits };
}

export function toEnvoyResponse(result: CheckResult): RateLimitResponse {
  return {
    overallCode: result.allowed ? RateLimitResponse_Code.OK : RateLimitResponse_Code.OVER_LIMIT,
    statuses: result.results.map(toEnvoyStatus),
    responseHeadersToAdd: [],
    requestHeadersToAdd: [],
    rawBody: Buffer.alloc(0),
    dynamicMetadata: undefined,
  };
}

const UNITS = new Map<number, RateLimitResponse_RateLimit_Unit>([
  [1, RateLimitResponse_RateLimit_Unit.SECOND],
  [60, RateLimitResponse_RateLimit_Unit.MINUTE],
  [3600, RateLimitResponse_RateLimit_Unit.HOUR],
  [86400, RateLimitResponse_RateLimit_Unit.DAY],
]);

function toEnvoyStatus(result: DescriptorResult): RateLimitResponse_DescriptorStatus {
  // Unmatched descriptors are unlimited: OK without a limit, as envoyproxy/ratelimit answers.
  if (!result.matched) return { code: RateLimitResponse_Code.OK, currentLimit: undefined, limitRemaining: 0, durationUntilReset: undefined };
  const { view, policy } = result;
  // Over the limit: when the request could pass; under it: when the bucket is whole again.
  const untilMs = view.allowed ? view.fullMs : view.retryAfterMs;
  return {
    code: view.allowed ? RateLimitResponse_Code.OK : RateLimitResponse_Code.OVER_LIMIT,
    currentLimit: {
      name: `${policy.name};q=${result.limit};w=${policy.windowSecs}`,
      requestsPerUnit: result.limit,
      unit: UNITS.get(policy.windowSecs) ?? RateLimitResponse_RateLimit_Unit.UNKNOWN,
    },
    limitRemaining: view.remaining,
    durationUntilReset: { seconds: Math.floor(untilMs / 1000), nanos: (untilMs % 1000) * 1_000_000 },
  };
}
