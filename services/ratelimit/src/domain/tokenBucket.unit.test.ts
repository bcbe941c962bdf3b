import { decideBatch, decideFromStates, type BucketRequest } from './batch';
import { levelAt, stateAfter, viewOf, type BucketShape, type BucketState } from './tokenBucket';

const T0 = Date.UTC(2026, 0, 1);
const fivePerMinute: BucketShape = { limit: 5, windowMs: 60_000 };

/** Takes `hits` from one bucket at `nowMs`; returns the view and the state to keep. */
function take(state: BucketState | undefined, shape: BucketShape, hits: number, nowMs: number) {
  const request: BucketRequest = { key: 'k', ...shape, hits };
  const decision = decideFromStates([request], [state], nowMs);
  return { view: decision.views[0]!, state: decision.writes[0]?.state ?? state, allowed: decision.allowed };
}

describe('token bucket', () => {
  it('burst: a new bucket is full, allows exactly `limit` requests at once, then rejects', () => {
    let state: BucketState | undefined;
    const remaining: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = take(state, fivePerMinute, 1, T0);
      expect(r.allowed).toBe(true);
      remaining.push(r.view.remaining);
      state = r.state;
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const sixth = take(state, fivePerMinute, 1, T0);
    expect(sixth.allowed).toBe(false);
    expect(sixth.view.retryAfterMs).toBe(12_000);
    expect(sixth.state).toBe(state);
  });

  it('refill: one token per window/limit, lazily, to the millisecond', () => {
    let state: BucketState | undefined;
    for (let i = 0; i < 5; i += 1) state = take(state, fivePerMinute, 1, T0).state;
    expect(take(state, fivePerMinute, 1, T0 + 11_999).allowed).toBe(false);
    const after = take(state, fivePerMinute, 1, T0 + 12_000);
    expect(after.allowed).toBe(true);
    expect(after.view.remaining).toBe(0);
  });

  it('window boundary: a whole idle window refills completely, never beyond capacity', () => {
    let state: BucketState | undefined;
    for (let i = 0; i < 5; i += 1) state = take(state, fivePerMinute, 1, T0).state;
    expect(levelAt(state, fivePerMinute, T0 + 59_999)).toBeLessThan(5 * 60_000);
    expect(levelAt(state, fivePerMinute, T0 + 60_000)).toBe(5 * 60_000);
    expect(levelAt(state, fivePerMinute, T0 + 10 * 60_000)).toBe(5 * 60_000);
    const next = take(state, fivePerMinute, 1, T0 + 60_000);
    expect(next.view.remaining).toBe(4);
  });

  it('hits 0 only looks: allowed, reports the level, writes nothing', () => {
    let state: BucketState | undefined;
    for (let i = 0; i < 5; i += 1) state = take(state, fivePerMinute, 1, T0).state;
    const look = decideFromStates([{ key: 'k', ...fivePerMinute, hits: 0 }], [state], T0);
    expect(look.allowed).toBe(true);
    expect(look.views[0]?.remaining).toBe(0);
    expect(look.writes).toEqual([]);
  });

  it('exact integers: 1000 requests spread over many windows of 3 per 1000 ms never drift', () => {
    const shape: BucketShape = { limit: 3, windowMs: 1000 };
    let state: BucketState | undefined;
    let allowed = 0;
    // One attempt every 111 ms for 111,000 ms: exactly 3 tokens per second plus the first burst.
    for (let t = 0; t < 111_000; t += 111) {
      const r = take(state, shape, 1, T0 + t);
      if (r.allowed) allowed += 1;
      state = r.state;
    }
    expect(allowed).toBe(3 + Math.floor((111_000 - 111) * 3 / 1000));
    expect(Number.isInteger(state!.scaled)).toBe(true);
  });

  it('largest policy (1,000,000 per 7 days) stays exact below 2^53', () => {
    const shape: BucketShape = { limit: 1_000_000, windowMs: 7 * 24 * 3600 * 1000 };
    const r = take(undefined, shape, 999_999, T0);
    expect(r.view.remaining).toBe(1);
    expect(Number.isSafeInteger(r.state!.scaled + shape.limit * shape.windowMs)).toBe(true);
    expect(take(r.state, shape, 2, T0).allowed).toBe(false);
  });

  it('hits above the limit can never pass and say so with a whole window', () => {
    const r = take(undefined, fivePerMinute, 6, T0);
    expect(r.allowed).toBe(false);
    expect(r.view.retryAfterMs).toBe(60_000);
  });

  it('time until full and next token follow the refill rate; a full bucket reports 0', () => {
    expect(viewOf(5 * 60_000, fivePerMinute, 0, false)).toMatchObject({ remaining: 5, nextTokenMs: 0, fullMs: 0 });
    const afterOne = stateAfter(5 * 60_000, fivePerMinute, 1, T0);
    expect(viewOf(afterOne.scaled, fivePerMinute, 0, false)).toMatchObject({ remaining: 4, nextTokenMs: 12_000, fullMs: 12_000 });
  });

  it('a clock that steps backwards refills nothing and breaks nothing', () => {
    const first = take(undefined, fivePerMinute, 1, T0);
    expect(levelAt(first.state, fivePerMinute, T0 - 5000)).toBe(4 * 60_000);
  });
});

describe('all-or-nothing across buckets', () => {
  const a: BucketRequest = { key: 'a', limit: 2, windowMs: 1000, hits: 1 };
  const b: BucketRequest = { key: 'b', limit: 1, windowMs: 1000, hits: 1 };

  it('when one bucket lacks tokens, no bucket is charged', () => {
    const emptyB = stateAfter(1000, b, 1, T0);
    const decision = decideFromStates([a, b], [undefined, emptyB], T0);
    expect(decision.allowed).toBe(false);
    expect(decision.writes).toEqual([]);
    expect(decision.views.map((v) => v.allowed)).toEqual([true, false]);
    // The bucket that had tokens reports them unconsumed.
    expect(decision.views[0]?.remaining).toBe(2);
  });

  it('when all have tokens, all are charged at the same instant', () => {
    const decision = decideBatch([a, b], [2000, 1000], T0);
    expect(decision.allowed).toBe(true);
    expect(decision.writes).toEqual([
      { index: 0, state: { scaled: 1000, lastMs: T0 } },
      { index: 1, state: { scaled: 0, lastMs: T0 } },
    ]);
  });
});
