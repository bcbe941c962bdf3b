/**
 * Token bucket with lazy refill and exact integer arithmetic.
 *
 * Tokens are kept scaled by the window length: one token is `windowMs` units, a full bucket is
 * `limit * windowMs` units, and every elapsed millisecond refills `limit` units. So the refill rate
 * limit/window never becomes a fraction and no float drift accumulates: every value is an integer
 * below 2^53 as long as limit * windowMs is (policies are bounded so that it is).
 *
 * A bucket is stored as (scaled level, time of the last write). A missing bucket is a full one, so
 * a bucket that has refilled completely can be forgotten without changing any decision.
 */
export interface BucketState {
  scaled: number;
  lastMs: number;
}

export interface BucketShape {
  /** Capacity in tokens (the policy's max_requests or a subject override). */
  limit: number;
  windowMs: number;
}

/** What a check learns about one bucket; all durations in milliseconds. */
export interface BucketView {
  /** This bucket alone had enough tokens for the hits. */
  allowed: boolean;
  /** Whole tokens left (after consumption when the batch was consumed). */
  remaining: number;
  /** Until the next whole token is added; 0 when the bucket is full. */
  nextTokenMs: number;
  /** Until the bucket is full again. */
  fullMs: number;
  /** Until enough tokens for the hits exist; 0 when allowed, a whole window when hits > limit. */
  retryAfterMs: number;
}

export function capacityOf(shape: BucketShape): number {
  return shape.limit * shape.windowMs;
}

/** The scaled level at `nowMs`: the stored level plus what refilled since, capped at capacity. */
export function levelAt(state: BucketState | undefined, shape: BucketShape, nowMs: number): number {
  const capacity = capacityOf(shape);
  if (state === undefined) return capacity;
  const elapsedMs = Math.max(0, nowMs - state.lastMs);
  // Compare before multiplying so a long idle time cannot overflow the exact integer range.
  if (elapsedMs >= shape.windowMs) return capacity;
  return Math.min(capacity, state.scaled + elapsedMs * shape.limit);
}

export function costOf(shape: BucketShape, hits: number): number {
  return hits * shape.windowMs;
}

export function hasTokens(level: number, shape: BucketShape, hits: number): boolean {
  return costOf(shape, hits) <= level;
}

/** The state to store after taking `hits` tokens from `level` at `nowMs`. */
export function stateAfter(level: number, shape: BucketShape, hits: number, nowMs: number): BucketState {
  return { scaled: level - costOf(shape, hits), lastMs: nowMs };
}

/** Milliseconds until a bucket at `level` is full again (exactly when it can be forgotten). */
export function msUntilFull(level: number, shape: BucketShape): number {
  return ceilDiv(capacityOf(shape) - level, shape.limit);
}

/**
 * Describes a bucket at `level` for a request of `hits`; `consumed` says whether the batch took
 * the tokens (all-or-nothing: a rejected batch reports levels as they were).
 */
export function viewOf(level: number, shape: BucketShape, hits: number, consumed: boolean): BucketView {
  const allowed = hasTokens(level, shape, hits);
  const after = consumed && allowed ? level - costOf(shape, hits) : level;
  const capacity = capacityOf(shape);
  const partial = after % shape.windowMs;
  return {
    allowed,
    remaining: Math.floor(after / shape.windowMs),
    nextTokenMs: after >= capacity ? 0 : ceilDiv(shape.windowMs - partial, shape.limit),
    fullMs: msUntilFull(after, shape),
    retryAfterMs: allowed ? 0 : retryAfterMs(level, shape, hits),
  };
}

function retryAfterMs(level: number, shape: BucketShape, hits: number): number {
  // More hits than the bucket can ever hold: the honest answer is "not within a window".
  if (hits > shape.limit) return shape.windowMs;
  return ceilDiv(costOf(shape, hits) - level, shape.limit);
}

export function ceilDiv(numerator: number, denominator: number): number {
  return Math.floor((numerator + denominator - 1) / denominator);
}

export function msToCeilSeconds(ms: number): number {
  return ceilDiv(ms, 1000);
}
