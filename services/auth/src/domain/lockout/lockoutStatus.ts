import { assertNever } from '@qilbee/kernel';
import { currentStage, type LockoutState } from './lockout';
import type { LockoutPolicy } from './lockoutPolicy';

/** QilbeeDB's LockoutStatus (api-contract.md sections 3 and 7), in milliseconds until the edge. */
export interface LockoutStatusView {
  locked: boolean;
  failedAttempts: number;
  remainingAttempts: number;
  /** Null when not locked, or locked by an admin (no expiry). */
  lockoutExpiresMs: number | null;
  lockoutRemainingSeconds: number | null;
  lockoutCount: number;
  lockoutReason: string | null;
}

export function lockoutStatus(stored: LockoutState, nowMs: number, policy: LockoutPolicy): LockoutStatusView {
  const state = currentStage(stored, nowMs, policy);
  const base = { failedAttempts: state.failedAttempts, lockoutCount: state.lockoutCount };
  switch (state.stage) {
    case 'Open':
      return { ...base, locked: false, remainingAttempts: Math.max(policy.maxFailedAttempts - state.failedAttempts, 0), lockoutExpiresMs: null, lockoutRemainingSeconds: null, lockoutReason: null };
    case 'TimedLock':
      return { ...base, locked: true, remainingAttempts: 0, lockoutExpiresMs: state.untilMs, lockoutRemainingSeconds: Math.max(Math.ceil((state.untilMs - nowMs) / 1000), 0), lockoutReason: null };
    case 'ManualLock':
      return { ...base, locked: true, remainingAttempts: 0, lockoutExpiresMs: null, lockoutRemainingSeconds: null, lockoutReason: state.reason };
    default:
      return assertNever(state);
  }
}
