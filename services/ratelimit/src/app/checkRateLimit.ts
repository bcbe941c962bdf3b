import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { limitFor } from '../domain/policy';
import type { LoadedPolicy } from '../domain/policyResolution';
import type { BucketView } from '../domain/tokenBucket';
import type { ExceededReporter } from './exceededReporter';
import { scopeOf, type PolicyCatalog } from './policyCatalog';
import type { BucketStore, StoreRequest } from './ports';

export interface CheckDescriptor {
  endpointType: string;
  path: string;
  /** Who is limited, e.g. `ip:203.0.113.9`, `user:<id>`, `key:<id>`. */
  subject: string;
  /** Tokens to take; 0 only looks. */
  hits: number;
}

export interface CheckInput {
  domain: string;
  descriptors: CheckDescriptor[];
}

export type DescriptorResult = { matched: false } | { matched: true; policy: LoadedPolicy; limit: number; view: BucketView };

export interface CheckResult {
  allowed: boolean;
  degraded: boolean;
  results: DescriptorResult[];
}

interface Bucket {
  request: StoreRequest;
  policy: LoadedPolicy;
  /** The first descriptor that landed in this bucket (names the endpoint in events). */
  descriptor: CheckDescriptor;
}

export const CHECK_LIMITS = { descriptors: 64, subjectLength: 512, pathLength: 2048, hits: 1_000_000 } as const;

/**
 * "May this request go ahead?" Resolves each descriptor's policy, merges descriptors that land in
 * the same bucket (their hits add up), asks the store once (atomic, all-or-nothing) and reports
 * rejected buckets to the exceeded reporter. Rejection is an answer, not an error.
 */
export class RateLimitChecker {
  constructor(
    private readonly catalog: PolicyCatalog,
    private readonly store: BucketStore,
    private readonly reporter?: ExceededReporter,
  ) {}

  async check(input: CheckInput): Promise<CheckResult> {
    assertValid(input);
    const index = this.catalog.index;
    const buckets = new Map<string, Bucket>();
    const slots: Array<string | undefined> = input.descriptors.map((descriptor) => {
      const policy = index.resolve(descriptor.endpointType, descriptor.path);
      if (!policy) return undefined;
      const scope = scopeOf(policy);
      const key = `${scope}\u0000${descriptor.subject}`;
      const existing = buckets.get(key);
      if (existing) existing.request.hits += descriptor.hits;
      else buckets.set(key, { policy, descriptor, request: toRequest(policy, scope, descriptor) });
      return key;
    });
    if (buckets.size === 0) return { allowed: true, degraded: false, results: slots.map(() => ({ matched: false })) };

    const entries = [...buckets.values()];
    const outcome = await this.store.take(entries.map((e) => e.request));
    const viewByKey = new Map([...buckets.keys()].map((key, i) => [key, outcome.views[i]]));
    const results = slots.map((key): DescriptorResult => {
      const bucket = key === undefined ? undefined : buckets.get(key);
      const view = key === undefined ? undefined : viewByKey.get(key);
      if (!bucket || !view) return { matched: false };
      return { matched: true, policy: bucket.policy, limit: bucket.request.limit, view };
    });
    if (!outcome.allowed) this.report(input, entries, outcome.views);
    return { allowed: outcome.allowed, degraded: outcome.degraded, results };
  }

  /** Only the buckets that lacked tokens count as exceeded, not their innocent neighbours. */
  private report(input: CheckInput, entries: Bucket[], views: BucketView[]): void {
    entries.forEach((entry, i) => {
      if (views[i]?.allowed !== false) return;
      this.reporter?.record({
        policy: entry.policy,
        subject: entry.request.subject,
        limit: entry.request.limit,
        path: entry.descriptor.path,
        endpointType: entry.descriptor.endpointType,
        domain: input.domain,
      });
    });
  }
}

function toRequest(policy: LoadedPolicy, scope: string, descriptor: CheckDescriptor): StoreRequest {
  return {
    key: `${scope}:${descriptor.subject}`,
    scope,
    subject: descriptor.subject,
    limit: limitFor(policy, descriptor.subject),
    windowMs: policy.windowSecs * 1000,
    hits: descriptor.hits,
    failOpen: policy.failOpen,
  };
}

function assertValid(input: CheckInput): void {
  const violations: FieldViolation[] = [];
  if (input.descriptors.length === 0) violations.push({ field: 'descriptors', message: 'at least one descriptor is required' });
  if (input.descriptors.length > CHECK_LIMITS.descriptors) violations.push({ field: 'descriptors', message: `at most ${CHECK_LIMITS.descriptors} descriptors` });
  input.descriptors.forEach((d, i) => {
    if (d.subject.length === 0 || d.subject.length > CHECK_LIMITS.subjectLength) {
      violations.push({ field: `descriptors[${i}].subject`, message: `subject must have 1 to ${CHECK_LIMITS.subjectLength} characters` });
    }
    if (d.path.length > CHECK_LIMITS.pathLength) violations.push({ field: `descriptors[${i}].path`, message: `path must be at most ${CHECK_LIMITS.pathLength} characters` });
    if (!Number.isInteger(d.hits) || d.hits < 0 || d.hits > CHECK_LIMITS.hits) {
      violations.push({ field: `descriptors[${i}].hits`, message: `hits must be an integer from 0 to ${CHECK_LIMITS.hits}` });
    }
  });
  if (violations.length > 0) {
    throw new DomainError('invalid_argument', violations.map((v) => `${v.field}: ${v.message}`).join('; '), 'invalid_check', violations);
  }
}
