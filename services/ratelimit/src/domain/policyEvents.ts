import type { PolicyRecord, PolicySettings } from './policy';

/** Events of the Policy aggregate. Past-tense facts; a stored shape never changes (schema v1). */
export type RateLimitPolicyCreated = {
  type: 'RateLimitPolicyCreated';
  data: { policy: PolicyRecord };
};

export type RateLimitPolicyUpdated = {
  type: 'RateLimitPolicyUpdated';
  /** The whole settings after the change, plus which fields changed (for the audit trail). */
  data: { settings: PolicySettings; changed: Array<keyof PolicySettings>; updatedAtMs: number };
};

export type RateLimitPolicyDeleted = {
  type: 'RateLimitPolicyDeleted';
  data: { deletedAtMs: number };
};

export type PolicyEvent = RateLimitPolicyCreated | RateLimitPolicyUpdated | RateLimitPolicyDeleted;

/** The public event_type of each domain event (api-contract.md section 6). */
export const PUBLIC_EVENT_TYPE = {
  RateLimitPolicyCreated: 'rate_limit_policy_created',
  RateLimitPolicyUpdated: 'rate_limit_policy_updated',
  RateLimitPolicyDeleted: 'rate_limit_policy_deleted',
} as const;
