import type { BucketRequest } from '../domain/batch';
import type { BucketView } from '../domain/tokenBucket';
import type { LoadedPolicy } from '../domain/policyResolution';
import type { PolicyState } from '../domain/policyDecider';

/** A bucket request as stores receive it: the bucket plus what to do if the store is unreachable. */
export interface StoreRequest extends BucketRequest {
  /** The bucket's scope (policy id and revision): a new revision starts from full buckets. */
  scope: string;
  subject: string;
  failOpen: boolean;
}

export interface StoreOutcome {
  allowed: boolean;
  views: BucketView[];
  /** True when the shared store could not be asked and the answer is a local or fail-mode one. */
  degraded: boolean;
}

/**
 * Where bucket levels live (envoyproxy/ratelimit's backend). One call is atomic across all the
 * requests: allowed only if every bucket has the tokens, and then all are charged, else none.
 */
export interface BucketStore {
  take(requests: StoreRequest[]): Promise<StoreOutcome>;
  /** Forgets local buckets of scopes that no longer apply (a policy changed or was deleted). */
  retainScopes(scopes: ReadonlySet<string>): void;
  close(): Promise<void>;
}

/** The policy read model: versioned views of every policy, deleted ones excluded from lists. */
export interface PolicyViews {
  project(policyId: string, state: PolicyState, version: number): Promise<void>;
  list(): Promise<LoadedPolicy[]>;
  get(policyId: string): Promise<LoadedPolicy | undefined>;
}
