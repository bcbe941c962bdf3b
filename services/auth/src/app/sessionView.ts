import type { RefreshFamilyState } from '../domain/refreshFamily';

/** The stored view of a login session: enough to count a user's live sessions. */
export interface SessionViewFields {
  userId: string;
  startedAtMs: number;
  /** Expiry of the newest refresh token: after it the session is dead anyway. */
  refreshExpiresAtMs: number;
  live: boolean;
}

export function sessionView(state: RefreshFamilyState): SessionViewFields | null {
  if (state.stage === 'None') return null;
  const latest = state.tokens[state.tokens.length - 1];
  return { userId: state.userId, startedAtMs: state.startedAtMs, refreshExpiresAtMs: latest?.expiresAtMs ?? 0, live: state.stage === 'Active' };
}
