/** Facts about one lockout subject (a username, or a client IP). Shapes never change once stored. */
export type LockoutEvent =
  | { type: 'LoginFailureRecorded'; data: { atMs: number; failedAttempts: number; windowStartMs: number; reason: FailureReason } }
  | { type: 'LockedOut'; data: { atMs: number; untilMs: number; lockoutCount: number } }
  | { type: 'LoginRejectedWhileLocked'; data: { atMs: number } }
  | { type: 'FailedAttemptsReset'; data: { atMs: number } }
  | { type: 'LockedManually'; data: { atMs: number; reason: string | null; lockoutCount: number } }
  | { type: 'Unlocked'; data: { atMs: number } };

export type FailureReason = 'bad_credentials' | 'disabled';
