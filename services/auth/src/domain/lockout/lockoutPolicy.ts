/** The numbers that decide when an account (or a client IP) is locked; configuration, passed in. */
export interface LockoutPolicy {
  maxFailedAttempts: number;
  /** Failures count within a fixed window that starts at the first failure. */
  windowMs: number;
  /** Length of the first lock; each repeat lock doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** lockout_count falls back to 0 after this long without a lock. */
  lockoutCountDecayMs: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export const DEFAULT_USER_POLICY: LockoutPolicy = {
  maxFailedAttempts: 5,
  windowMs: 30 * MINUTE_MS,
  baseLockMs: 15 * MINUTE_MS,
  maxLockMs: 24 * HOUR_MS,
  lockoutCountDecayMs: 24 * HOUR_MS,
};

/** 15 min, 30 min, 1 h, ... capped: `priorLocks` is how many locks happened before this one. */
export function lockDurationMs(policy: LockoutPolicy, priorLocks: number): number {
  const factor = 2 ** Math.min(priorLocks, 40);
  return Math.min(policy.baseLockMs * factor, policy.maxLockMs);
}
