import type { LockoutState } from '../../domain/lockout';
import type { RefreshFamilyState } from '../../domain/refreshFamily';

/** Per-username lockout views, for the admin list (versioned: a stale write never wins). */
export interface LockoutDirectory {
  project(streamId: string, state: LockoutState, version: number): Promise<void>;
  /** Usernames whose stored state is a lock (expired timed locks included; callers filter by time). */
  lockCandidates(): Promise<Array<{ username: string; state: LockoutState }>>;
}

/** Per-family session views, to count a user's live sessions without scanning streams. */
export interface SessionDirectory {
  project(streamId: string, state: RefreshFamilyState, version: number): Promise<void>;
  countLive(userId: string, startedBeforeMs: number, nowMs: number): Promise<number>;
}

/** Called after every append: wakes the outbox relay and marks the commit's views as written. */
export interface CommitHooks {
  /** After the commit's read models are projected (never before: the mark says they are). */
  committed(streamId: string, firstVersion: number): Promise<void>;
}
