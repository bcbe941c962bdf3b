import { assertNever } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import type { FailureReason, LockoutEvent } from './lockoutEvents';
import { lockDurationMs, type LockoutPolicy } from './lockoutPolicy';

/** What every stage remembers: how many locks so far and when the last one began (for decay). */
interface LockHistory {
  lockoutCount: number;
  lastLockedAtMs: number | null;
}

/**
 * The lockout of one subject as a lifecycle. A timed lock that has run out is still stored as
 * `TimedLock`; `currentStage` reads it as open at a given time (deciders know no clock).
 */
export type LockoutState =
  | ({ stage: 'Open'; failedAttempts: number; windowStartMs: number | null } & LockHistory)
  | ({ stage: 'TimedLock'; failedAttempts: number; untilMs: number } & LockHistory)
  | ({ stage: 'ManualLock'; failedAttempts: number; reason: string | null } & LockHistory);

export const initialLockoutState: LockoutState = { stage: 'Open', failedAttempts: 0, windowStartMs: null, lockoutCount: 0, lastLockedAtMs: null };

export type LockoutCommand =
  | { type: 'RecordFailedLogin'; nowMs: number; reason: FailureReason; policy: LockoutPolicy }
  | { type: 'RecordSuccessfulLogin'; nowMs: number; policy: LockoutPolicy }
  | { type: 'RejectWhileLocked'; nowMs: number; policy: LockoutPolicy }
  | { type: 'LockManually'; nowMs: number; reason: string | null; policy: LockoutPolicy }
  | { type: 'Unlock'; nowMs: number; policy: LockoutPolicy };

/**
 * The state as it stands at `nowMs`: an expired timed lock is open again with no failures, a
 * failure window older than the policy's starts over, and lockout_count decays after a quiet day.
 */
export function currentStage(state: LockoutState, nowMs: number, policy: LockoutPolicy): LockoutState {
  const decayed = state.lastLockedAtMs !== null && nowMs - state.lastLockedAtMs >= policy.lockoutCountDecayMs && state.stage !== 'ManualLock';
  const history: LockHistory = decayed ? { lockoutCount: 0, lastLockedAtMs: null } : { lockoutCount: state.lockoutCount, lastLockedAtMs: state.lastLockedAtMs };
  switch (state.stage) {
    case 'ManualLock':
      return state;
    case 'TimedLock':
      if (nowMs < state.untilMs) return { ...state, ...history };
      return { stage: 'Open', failedAttempts: 0, windowStartMs: null, ...history };
    case 'Open': {
      const windowOver = state.windowStartMs !== null && nowMs - state.windowStartMs > policy.windowMs;
      return windowOver ? { stage: 'Open', failedAttempts: 0, windowStartMs: null, ...history } : { ...state, ...history };
    }
    default:
      return assertNever(state);
  }
}

export function isLocked(state: LockoutState, nowMs: number, policy: LockoutPolicy): boolean {
  return currentStage(state, nowMs, policy).stage !== 'Open';
}

function decide(command: LockoutCommand, stored: LockoutState): LockoutEvent[] {
  const nowMs = command.nowMs;
  const state = currentStage(stored, nowMs, command.policy);
  switch (command.type) {
    case 'RejectWhileLocked':
      return state.stage === 'Open' ? [] : [{ type: 'LoginRejectedWhileLocked', data: { atMs: nowMs } }];
    case 'RecordFailedLogin':
      return recordFailure(state, command.reason, nowMs, command.policy);
    case 'RecordSuccessfulLogin':
      if (state.stage !== 'Open') return [{ type: 'LoginRejectedWhileLocked', data: { atMs: nowMs } }];
      return stored.failedAttempts > 0 || stored.stage !== 'Open' ? [{ type: 'FailedAttemptsReset', data: { atMs: nowMs } }] : [];
    case 'LockManually':
      return [{ type: 'LockedManually', data: { atMs: nowMs, reason: command.reason, lockoutCount: state.lockoutCount + 1 } }];
    case 'Unlock':
      return [{ type: 'Unlocked', data: { atMs: nowMs } }];
    default:
      return assertNever(command);
  }
}

/** A failure while locked is a rejection, not a failure: the count never passes the threshold. */
function recordFailure(state: LockoutState, reason: FailureReason, nowMs: number, policy: LockoutPolicy): LockoutEvent[] {
  if (state.stage !== 'Open') return [{ type: 'LoginRejectedWhileLocked', data: { atMs: nowMs } }];
  const failedAttempts = state.failedAttempts + 1;
  const windowStartMs = state.windowStartMs ?? nowMs;
  const events: LockoutEvent[] = [{ type: 'LoginFailureRecorded', data: { atMs: nowMs, failedAttempts, windowStartMs, reason } }];
  if (failedAttempts >= policy.maxFailedAttempts) {
    const untilMs = nowMs + lockDurationMs(policy, state.lockoutCount);
    events.push({ type: 'LockedOut', data: { atMs: nowMs, untilMs, lockoutCount: state.lockoutCount + 1 } });
  }
  return events;
}

function evolve(state: LockoutState, event: LockoutEvent): LockoutState {
  switch (event.type) {
    case 'LoginFailureRecorded':
      // A failure is only recorded while open, so a stored timed lock here has already run out.
      return { stage: 'Open', failedAttempts: event.data.failedAttempts, windowStartMs: event.data.windowStartMs, lockoutCount: state.lockoutCount, lastLockedAtMs: state.lastLockedAtMs };
    case 'LockedOut':
      return { stage: 'TimedLock', failedAttempts: state.failedAttempts, untilMs: event.data.untilMs, lockoutCount: event.data.lockoutCount, lastLockedAtMs: event.data.atMs };
    case 'LoginRejectedWhileLocked':
      return state;
    case 'FailedAttemptsReset':
      return { stage: 'Open', failedAttempts: 0, windowStartMs: null, lockoutCount: state.lockoutCount, lastLockedAtMs: state.lastLockedAtMs };
    case 'LockedManually':
      return { stage: 'ManualLock', failedAttempts: state.failedAttempts, reason: event.data.reason, lockoutCount: event.data.lockoutCount, lastLockedAtMs: event.data.atMs };
    case 'Unlocked':
      return { stage: 'Open', failedAttempts: 0, windowStartMs: null, lockoutCount: state.lockoutCount, lastLockedAtMs: state.lastLockedAtMs };
    default:
      return assertNever(event);
  }
}

export const lockoutDecider: Decider<LockoutCommand, LockoutEvent, LockoutState> = { decide, evolve, initialState: initialLockoutState };
