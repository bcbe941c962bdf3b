import type { ratelimitV1 } from '@qilbee/contracts';
import { DomainError, uuidv7 } from '@qilbee/kernel';
import type { RateLimitPort } from '../ports';

/** The in-memory twin of the rate-limit service: policies and per-subject token buckets. */
export class InMemoryRateLimit implements RateLimitPort {
  readonly policies = new Map<string, ratelimitV1.Policy>();
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  down = false;
  checks: ratelimitV1.CheckRequest[] = [];

  private guard(): void {
    if (this.down) throw new DomainError('unavailable', 'ratelimit is unavailable', 'dependency_unavailable');
  }

  private policyFor(d: ratelimitV1.RateLimitDescriptor): ratelimitV1.Policy | undefined {
    const enabled = [...this.policies.values()].filter((p) => p.enabled).reverse();
    return enabled.find((p) => p.endpointType === 'Custom' && (d.path === p.customPath || d.path.startsWith(`${p.customPath}/`))) ?? enabled.find((p) => p.endpointType === d.endpointType);
  }

  async check(r: ratelimitV1.CheckRequest): Promise<ratelimitV1.CheckResponse> {
    this.guard();
    this.checks.push(r);
    const statuses = r.descriptors.map((d) => {
      const policy = this.policyFor(d);
      if (!policy) return { allowed: true, limit: 0, remaining: 0, resetSeconds: 0, retryAfterSeconds: 0, policyId: '', policyName: '', windowSecs: 0, matched: false, fullResetSeconds: 0, retryAfterMs: 0 };
      const key = `${policy.id}|${d.subject}`;
      const now = Date.now();
      const rate = policy.maxRequests / (policy.windowSecs * 1000);
      const bucket = this.buckets.get(key) ?? { tokens: policy.maxRequests, atMs: now };
      bucket.tokens = Math.min(policy.maxRequests, bucket.tokens + (now - bucket.atMs) * rate);
      bucket.atMs = now;
      // All-or-nothing, like the service: a batch that does not fit consumes nothing.
      const allowed = bucket.tokens >= Math.max(1, r.hits);
      if (allowed) bucket.tokens -= r.hits;
      this.buckets.set(key, bucket);
      const reset = bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / rate / 1000);
      return { allowed, limit: policy.maxRequests, remaining: Math.floor(bucket.tokens), resetSeconds: reset, retryAfterSeconds: allowed ? 0 : reset, policyId: policy.id, policyName: policy.name, windowSecs: policy.windowSecs, matched: true, fullResetSeconds: Math.ceil((policy.maxRequests - bucket.tokens) / rate / 1000), retryAfterMs: allowed ? 0 : reset * 1000 };
    });
    return { allowed: statuses.every((s) => s.allowed), statuses, degraded: false };
  }

  async createPolicy(r: ratelimitV1.CreatePolicyRequest): Promise<ratelimitV1.CreatePolicyResponse> {
    this.guard();
    const at = new Date().toISOString();
    const policy: ratelimitV1.Policy = {
      id: uuidv7(), name: r.name, endpointType: r.endpointType, customPath: r.customPath, maxRequests: r.maxRequests, windowSecs: r.windowSecs,
      enabled: r.enabled ?? true, createdAt: at, updatedAt: at, overrides: r.overrides, failOpen: r.failOpen ?? false,
    };
    this.policies.set(policy.id, policy);
    return { policy };
  }

  private found(id: string): ratelimitV1.Policy {
    const policy = this.policies.get(id);
    if (!policy) throw new DomainError('not_found', 'Rate limit policy not found', 'policy_not_found');
    return policy;
  }

  async getPolicy(r: ratelimitV1.GetPolicyRequest): Promise<ratelimitV1.GetPolicyResponse> {
    this.guard();
    return { policy: this.found(r.policyId) };
  }

  async listPolicies(): Promise<ratelimitV1.ListPoliciesResponse> {
    this.guard();
    return { policies: [...this.policies.values()] };
  }

  async updatePolicy(r: ratelimitV1.UpdatePolicyRequest): Promise<ratelimitV1.UpdatePolicyResponse> {
    this.guard();
    const p = this.found(r.policyId);
    if (r.name !== undefined) p.name = r.name;
    if (r.maxRequests !== undefined) p.maxRequests = r.maxRequests;
    if (r.windowSecs !== undefined) p.windowSecs = r.windowSecs;
    if (r.enabled !== undefined) p.enabled = r.enabled;
    p.updatedAt = new Date().toISOString();
    for (const key of this.buckets.keys()) if (key.startsWith(`${p.id}|`)) this.buckets.delete(key);
    return { policy: p };
  }

  async deletePolicy(r: ratelimitV1.DeletePolicyRequest): Promise<ratelimitV1.DeletePolicyResponse> {
    this.guard();
    this.found(r.policyId);
    this.policies.delete(r.policyId);
    return {};
  }
}
