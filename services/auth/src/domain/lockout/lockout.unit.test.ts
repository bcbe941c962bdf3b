import { fold } from '@qilbee/event-store';
import { DEFAULT_USER_POLICY as policy, HOUR_MS, MINUTE_MS, lockDurationMs, lockoutDecider, lockoutStatus, type LockoutCommand, type LockoutEvent } from './index';

const T0 = Date.UTC(2026, 0, 1);

/** given(history).when(command) -> the new events and the status right after them. */
function given(history: LockoutEvent[]) {
  return {
    when(command: LockoutCommand) {
      const state = fold(lockoutDecider, history);
      const events = lockoutDecider.decide(command, state);
      const after = events.reduce(lockoutDecider.evolve, state);
      return { events, history: [...history, ...events], status: lockoutStatus(after, command.nowMs, command.policy) };
    },
  };
}

const fail = (nowMs: number): LockoutCommand => ({ type: 'RecordFailedLogin', nowMs, reason: 'bad_credentials', policy });

function failTimes(times: number, startMs: number, history: LockoutEvent[] = []) {
  let result = { events: [] as LockoutEvent[], history, status: lockoutStatus(fold(lockoutDecider, history), startMs, policy) };
  for (let i = 0; i < times; i += 1) result = given(result.history).when(fail(startMs + i * 1000));
  return result;
}

describe('account lockout', () => {
  it('counts failures and reports remaining attempts', () => {
    const { status } = failTimes(3, T0);
    expect(status).toMatchObject({ locked: false, failedAttempts: 3, remainingAttempts: 2, lockoutCount: 0, lockoutExpiresMs: null });
  });

  it('locks on exactly the fifth failure within 30 minutes, for 15 minutes', () => {
    const fourth = failTimes(4, T0);
    expect(fourth.status.locked).toBe(false);
    const fifth = given(fourth.history).when(fail(T0 + 10 * MINUTE_MS));
    expect(fifth.events.map((e) => e.type)).toEqual(['LoginFailureRecorded', 'LockedOut']);
    expect(fifth.status).toMatchObject({ locked: true, failedAttempts: 5, remainingAttempts: 0, lockoutCount: 1, lockoutRemainingSeconds: 900 });
    expect(fifth.status.lockoutExpiresMs).toBe(T0 + 25 * MINUTE_MS);
  });

  it('starts a new window when the first failure is older than 30 minutes', () => {
    const four = failTimes(4, T0);
    const late = given(four.history).when(fail(T0 + 31 * MINUTE_MS));
    expect(late.events.map((e) => e.type)).toEqual(['LoginFailureRecorded']);
    expect(late.status).toMatchObject({ locked: false, failedAttempts: 1, remainingAttempts: 4 });
  });

  it('answers a failure while locked with a rejection, never counting past the threshold', () => {
    const locked = failTimes(5, T0);
    const again = given(locked.history).when(fail(T0 + MINUTE_MS));
    expect(again.events.map((e) => e.type)).toEqual(['LoginRejectedWhileLocked']);
    expect(again.status).toMatchObject({ failedAttempts: 5, lockoutCount: 1 });
  });

  it('refuses a correct password while locked', () => {
    const locked = failTimes(5, T0);
    const success = given(locked.history).when({ type: 'RecordSuccessfulLogin', nowMs: T0 + MINUTE_MS, policy });
    expect(success.events.map((e) => e.type)).toEqual(['LoginRejectedWhileLocked']);
  });

  it('doubles the lock on each repeat lock: 15 min, 30 min, 1 h', () => {
    let history = failTimes(5, T0).history;
    const durations: number[] = [];
    let at = T0;
    for (let lock = 0; lock < 3; lock += 1) {
      const status = lockoutStatus(fold(lockoutDecider, history), at + 5000, policy);
      durations.push((status.lockoutExpiresMs ?? 0) - (at + 4000));
      at = (status.lockoutExpiresMs ?? 0) + 1000;
      if (lock < 2) history = failTimes(5, at, history).history;
    }
    expect(durations).toEqual([15 * MINUTE_MS, 30 * MINUTE_MS, 60 * MINUTE_MS]);
  });

  it('caps the lock at 24 hours', () => {
    expect(lockDurationMs(policy, 6)).toBe(16 * HOUR_MS);
    expect(lockDurationMs(policy, 7)).toBe(24 * HOUR_MS);
    expect(lockDurationMs(policy, 60)).toBe(24 * HOUR_MS);
  });

  it('opens again after the lock expires, with no failures but the lockout count kept', () => {
    const locked = failTimes(5, T0);
    const status = lockoutStatus(fold(lockoutDecider, locked.history), T0 + 20 * MINUTE_MS, policy);
    expect(status).toMatchObject({ locked: false, failedAttempts: 0, remainingAttempts: 5, lockoutCount: 1 });
  });

  it('resets the failure count on success and keeps lockout_count', () => {
    const lockedThenExpired = failTimes(5, T0);
    const three = failTimes(3, T0 + HOUR_MS, lockedThenExpired.history);
    const success = given(three.history).when({ type: 'RecordSuccessfulLogin', nowMs: T0 + HOUR_MS + 10_000, policy });
    expect(success.events.map((e) => e.type)).toEqual(['FailedAttemptsReset']);
    expect(success.status).toMatchObject({ failedAttempts: 0, remainingAttempts: 5, lockoutCount: 1 });
  });

  it('decays lockout_count after 24 hours without a lock, so the next lock is 15 minutes again', () => {
    const first = failTimes(5, T0);
    const later = T0 + 25 * HOUR_MS;
    expect(lockoutStatus(fold(lockoutDecider, first.history), later, policy).lockoutCount).toBe(0);
    const second = failTimes(5, later, first.history);
    expect(second.status.lockoutCount).toBe(1);
    expect(second.status.lockoutRemainingSeconds).toBe(15 * 60);
  });

  it('locks manually with a reason and no expiry, counting as a lock, until unlocked', () => {
    const manual = given([]).when({ type: 'LockManually', nowMs: T0, reason: 'suspicious activity', policy });
    expect(manual.status).toMatchObject({ locked: true, lockoutExpiresMs: null, lockoutRemainingSeconds: null, lockoutReason: 'suspicious activity', lockoutCount: 1 });
    expect(lockoutStatus(fold(lockoutDecider, manual.history), T0 + 1000 * HOUR_MS, policy).locked).toBe(true);
    const unlocked = given(manual.history).when({ type: 'Unlock', nowMs: T0 + HOUR_MS, policy });
    expect(unlocked.status).toMatchObject({ locked: false, failedAttempts: 0, lockoutCount: 1, lockoutReason: null });
  });

  it('unlock resets failed attempts and keeps lockout_count, so doubling continues', () => {
    const locked = failTimes(5, T0);
    const unlocked = given(locked.history).when({ type: 'Unlock', nowMs: T0 + MINUTE_MS, policy });
    const relocked = failTimes(5, T0 + 2 * MINUTE_MS, unlocked.history);
    expect(relocked.status).toMatchObject({ locked: true, lockoutCount: 2, lockoutRemainingSeconds: 30 * 60 });
  });

  it('treats an unknown username like any other: the same counter and lock', () => {
    const unknown = failTimes(5, T0);
    expect(unknown.status.locked).toBe(true);
    expect(lockoutStatus(lockoutDecider.initialState, T0, policy)).toEqual({
      locked: false, failedAttempts: 0, remainingAttempts: 5, lockoutExpiresMs: null, lockoutRemainingSeconds: null, lockoutCount: 0, lockoutReason: null,
    });
  });

  it('uses the higher threshold of the IP policy', () => {
    const ipPolicy = { ...policy, maxFailedAttempts: 20 };
    let history: LockoutEvent[] = [];
    for (let i = 0; i < 19; i += 1) history = [...history, ...lockoutDecider.decide({ type: 'RecordFailedLogin', nowMs: T0 + i, reason: 'bad_credentials', policy: ipPolicy }, fold(lockoutDecider, history))];
    expect(lockoutStatus(fold(lockoutDecider, history), T0 + 20, ipPolicy)).toMatchObject({ locked: false, remainingAttempts: 1 });
    const last = lockoutDecider.decide({ type: 'RecordFailedLogin', nowMs: T0 + 20, reason: 'bad_credentials', policy: ipPolicy }, fold(lockoutDecider, history));
    expect(last.map((e) => e.type)).toEqual(['LoginFailureRecorded', 'LockedOut']);
  });
});
