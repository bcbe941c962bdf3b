import { assertNever } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import type { IssuedAccessToken, RefreshFamilyEvent, RevocationReason } from './refreshFamilyEvents';

interface RefreshTokenRecord {
  hash: string;
  generation: number;
  expiresAtMs: number;
}

interface FamilyFacts {
  familyId: string;
  userId: string;
  username: string;
  startedAtMs: number;
  /** Every refresh token the family ever issued, newest last; the last one is the live one. */
  tokens: RefreshTokenRecord[];
  accessTokens: Array<IssuedAccessToken & { generation: number; revoked: boolean }>;
}

export type RefreshFamilyState =
  | { stage: 'None' }
  | ({ stage: 'Active' } & FamilyFacts)
  | ({ stage: 'Revoked'; reason: RevocationReason; revokedAtMs: number } & FamilyFacts);

export interface NewTokens {
  tokenHash: string;
  refreshExpiresAtMs: number;
  access: IssuedAccessToken;
}

export type RefreshFamilyCommand =
  | ({ type: 'StartFamily'; familyId: string; userId: string; username: string; nowMs: number } & NewTokens)
  | ({ type: 'RotateRefreshToken'; presentedHash: string; presentedAccessJti: string | null; nowMs: number } & NewTokens)
  | { type: 'RevokeFamily'; reason: RevocationReason; nowMs: number }
  | { type: 'RevokeAccessToken'; jti: string; nowMs: number };

export type RefreshClassification = 'rotate' | 'benign_reuse' | 'reuse' | 'expired' | 'unknown' | 'revoked';

/**
 * What presenting a refresh token means. A rotated (older) token is normally theft: reuse.
 * The exception is the QilbeeDB Python SDK, which re-sends its login refresh token forever but
 * always together with its newest access token. If that access token (verified, unrevoked, by the
 * caller) is the one issued with the family's latest generation, the caller demonstrably holds
 * the newest tokens, so the old refresh token is benign and the family rotates again. A thief with
 * only a stolen old refresh token cannot present that access token.
 */
export function classifyRefresh(state: RefreshFamilyState, presentedHash: string, presentedAccessJti: string | null, nowMs: number): RefreshClassification {
  if (state.stage === 'None') return 'unknown';
  const record = state.tokens.find((token) => token.hash === presentedHash);
  if (!record) return 'unknown';
  if (state.stage === 'Revoked') return 'revoked';
  const latest = state.tokens[state.tokens.length - 1];
  const isLatest = latest !== undefined && latest.hash === presentedHash;
  if (!isLatest) {
    const latestAccess = state.accessTokens[state.accessTokens.length - 1];
    const benign = presentedAccessJti !== null && latestAccess !== undefined && latestAccess.jti === presentedAccessJti && !latestAccess.revoked && latestAccess.expiresAtMs > nowMs;
    if (!benign) return 'reuse';
  }
  return record.expiresAtMs <= nowMs ? 'expired' : isLatest ? 'rotate' : 'benign_reuse';
}

/** Access tokens of the family that still need revoking (not revoked yet, not expired yet). */
function liveAccessTokens(facts: FamilyFacts, nowMs: number): IssuedAccessToken[] {
  return facts.accessTokens.filter((a) => !a.revoked && a.expiresAtMs > nowMs).map(({ jti, expiresAtMs }) => ({ jti, expiresAtMs }));
}

function decide(command: RefreshFamilyCommand, state: RefreshFamilyState): RefreshFamilyEvent[] {
  const atMs = command.nowMs;
  switch (command.type) {
    case 'StartFamily': {
      if (state.stage !== 'None') return [];
      const { familyId, userId, username, tokenHash, refreshExpiresAtMs, access } = command;
      return [{ type: 'RefreshFamilyStarted', data: { familyId, userId, username, atMs, tokenHash, refreshExpiresAtMs, access } }];
    }
    case 'RotateRefreshToken':
      return rotate(command, state);
    case 'RevokeFamily':
      if (state.stage !== 'Active') return [];
      return [{ type: 'RefreshFamilyRevoked', data: { atMs, reason: command.reason, revokedAccessTokens: liveAccessTokens(state, atMs) } }];
    case 'RevokeAccessToken': {
      if (state.stage === 'None') return [];
      const access = state.accessTokens.find((a) => a.jti === command.jti);
      if (!access || access.revoked) return [];
      return [{ type: 'AccessTokenRevoked', data: { atMs, access: { jti: access.jti, expiresAtMs: access.expiresAtMs } } }];
    }
    default:
      return assertNever(command);
  }
}

function rotate(command: Extract<RefreshFamilyCommand, { type: 'RotateRefreshToken' }>, state: RefreshFamilyState): RefreshFamilyEvent[] {
  const verdict = classifyRefresh(state, command.presentedHash, command.presentedAccessJti, command.nowMs);
  if (state.stage !== 'Active') return [];
  const presented = state.tokens.find((token) => token.hash === command.presentedHash);
  const latest = state.tokens[state.tokens.length - 1];
  if (verdict === 'reuse' && presented) {
    return [{ type: 'RefreshTokenReuseDetected', data: { atMs: command.nowMs, presentedGeneration: presented.generation, revokedAccessTokens: liveAccessTokens(state, command.nowMs) } }];
  }
  if ((verdict !== 'rotate' && verdict !== 'benign_reuse') || !latest || !presented) return [];
  return [
    {
      type: 'RefreshTokenRotated',
      data: {
        atMs: command.nowMs,
        generation: latest.generation + 1,
        tokenHash: command.tokenHash,
        refreshExpiresAtMs: command.refreshExpiresAtMs,
        access: command.access,
        benignReuseOfGeneration: verdict === 'benign_reuse' ? presented.generation : null,
      },
    },
  ];
}

function markRevoked(facts: FamilyFacts, jtis: Set<string>): FamilyFacts['accessTokens'] {
  return facts.accessTokens.map((a) => (jtis.has(a.jti) ? { ...a, revoked: true } : a));
}

function evolve(state: RefreshFamilyState, event: RefreshFamilyEvent): RefreshFamilyState {
  switch (event.type) {
    case 'RefreshFamilyStarted': {
      const { familyId, userId, username, atMs, tokenHash, refreshExpiresAtMs, access } = event.data;
      return {
        stage: 'Active',
        familyId,
        userId,
        username,
        startedAtMs: atMs,
        tokens: [{ hash: tokenHash, generation: 1, expiresAtMs: refreshExpiresAtMs }],
        accessTokens: [{ ...access, generation: 1, revoked: false }],
      };
    }
    case 'RefreshTokenRotated': {
      if (state.stage !== 'Active') return state;
      const { generation, tokenHash, refreshExpiresAtMs, access } = event.data;
      return {
        ...state,
        tokens: [...state.tokens, { hash: tokenHash, generation, expiresAtMs: refreshExpiresAtMs }],
        accessTokens: [...state.accessTokens, { ...access, generation, revoked: false }],
      };
    }
    case 'RefreshTokenReuseDetected':
    case 'RefreshFamilyRevoked': {
      if (state.stage !== 'Active') return state;
      const reason = event.type === 'RefreshFamilyRevoked' ? event.data.reason : 'reuse_detected';
      const accessTokens = markRevoked(state, new Set(event.data.revokedAccessTokens.map((a) => a.jti)));
      return { ...state, stage: 'Revoked', reason, revokedAtMs: event.data.atMs, accessTokens };
    }
    case 'AccessTokenRevoked':
      if (state.stage === 'None') return state;
      return { ...state, accessTokens: markRevoked(state, new Set([event.data.access.jti])) };
    default:
      return assertNever(event);
  }
}

export const refreshFamilyDecider: Decider<RefreshFamilyCommand, RefreshFamilyEvent, RefreshFamilyState> = { decide, evolve, initialState: { stage: 'None' } };
