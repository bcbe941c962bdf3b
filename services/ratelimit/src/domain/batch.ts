import { hasTokens, levelAt, stateAfter, viewOf, type BucketShape, type BucketState, type BucketView } from './tokenBucket';

/** One bucket touched by a check: the key, its shape, and the hits all its descriptors add up to. */
export interface BucketRequest extends BucketShape {
  key: string;
  hits: number;
}

export interface BatchDecision {
  /** Every bucket had enough tokens; only then is anything consumed. */
  allowed: boolean;
  views: BucketView[];
  /** New states to store, in request order; empty when the batch was rejected or only looked. */
  writes: Array<{ index: number; state: BucketState }>;
}

/**
 * All-or-nothing over several buckets: the batch is allowed only if each bucket has enough tokens;
 * then all of them are charged, otherwise none is (a rejected request consumes nothing anywhere).
 * `levels` are the buckets' levels at `nowMs` (see levelAt), so the Redis script and the local
 * store share this decision.
 */
export function decideBatch(requests: BucketRequest[], levels: number[], nowMs: number): BatchDecision {
  const allowed = requests.every((request, i) => hasTokens(levels[i] ?? 0, request, request.hits));
  const views = requests.map((request, i) => viewOf(levels[i] ?? 0, request, request.hits, allowed));
  const writes = allowed
    ? requests.flatMap((request, index) => (request.hits > 0 ? [{ index, state: stateAfter(levels[index] ?? 0, request, request.hits, nowMs) }] : []))
    : [];
  return { allowed, views, writes };
}

/** Convenience for local stores: levels from stored states, then decideBatch. */
export function decideFromStates(requests: BucketRequest[], states: Array<BucketState | undefined>, nowMs: number): BatchDecision {
  return decideBatch(requests, requests.map((request, i) => levelAt(states[i], request, nowMs)), nowMs);
}
