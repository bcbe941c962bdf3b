import { ManualClock } from '@qilbee/kernel';
import { LocalTokenBuckets } from './localTokenBuckets';

describe('local token buckets (fallback)', () => {
  it('allows the default login limit (5/min per subject) then refuses with a retry time, and refills', () => {
    const clock = new ManualClock();
    const buckets = new LocalTokenBuckets(clock);
    const decisions = Array.from({ length: 6 }, () => buckets.take('Login', 'ip:1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions[5]).toEqual(expect.objectContaining({ limit: 5, remaining: 0, retryAfterSeconds: 12, source: 'local' }));
    expect(buckets.take('Login', 'ip:2').allowed).toBe(true);
    clock.advance(12_000);
    expect(buckets.take('Login', 'ip:1').allowed).toBe(true);
  });
});
