import { authV1, type commonV1 } from '@qilbee/contracts';
import type { LockoutStatusView } from '../../domain/lockout';
import type { TokenPair } from '../../app/authDeps';
import type { LoginResult } from '../../app/login';
import type { RefreshResult } from '../../app/refresh';
import type { RequestContext } from '../../app/requestContext';
import type { RevocationFact } from '@qilbee/tokens';
import { assertNever } from '@qilbee/kernel';

export function contextOf(context: commonV1.RequestContext | undefined): RequestContext {
  return {
    requestId: context?.requestId ?? '',
    actorUserId: context?.actorUserId ?? '',
    actorUsername: context?.actorUsername ?? '',
    ipAddress: context?.ipAddress ?? '',
    userAgent: context?.userAgent ?? '',
    actorApiKeyId: context?.actorApiKeyId ?? '',
  };
}

export function toLockoutStatus(status: LockoutStatusView): authV1.LockoutStatus {
  return {
    locked: status.locked,
    failedAttempts: status.failedAttempts,
    remainingAttempts: status.remainingAttempts,
    lockoutExpires: status.lockoutExpiresMs === null ? undefined : new Date(status.lockoutExpiresMs).toISOString(),
    lockoutRemainingSeconds: status.lockoutRemainingSeconds ?? 0,
    lockoutCount: status.lockoutCount,
    lockoutReason: status.lockoutReason ?? undefined,
  };
}

export function toTokenPair(tokens: TokenPair): authV1.TokenPair {
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    expiresIn: tokens.expiresInS,
    refreshToken: tokens.refreshToken,
    refreshExpiresIn: tokens.refreshExpiresInS,
    userId: tokens.userId,
    username: tokens.username,
  };
}

const LOGIN_OUTCOMES = {
  success: authV1.LoginResponse_Outcome.OUTCOME_SUCCESS,
  bad_credentials: authV1.LoginResponse_Outcome.OUTCOME_BAD_CREDENTIALS,
  locked: authV1.LoginResponse_Outcome.OUTCOME_LOCKED,
  disabled: authV1.LoginResponse_Outcome.OUTCOME_DISABLED,
  ip_throttled: authV1.LoginResponse_Outcome.OUTCOME_IP_THROTTLED,
} as const;

export function toLoginResponse(result: LoginResult): authV1.LoginResponse {
  return {
    outcome: LOGIN_OUTCOMES[result.outcome],
    tokens: result.outcome === 'success' ? toTokenPair(result.tokens) : undefined,
    lockout: toLockoutStatus(result.lockout),
  };
}

export function toRefreshResponse(result: RefreshResult): authV1.RefreshResponse {
  switch (result.outcome) {
    case 'success':
      return { outcome: authV1.RefreshResponse_Outcome.OUTCOME_SUCCESS, tokens: toTokenPair(result.tokens) };
    case 'invalid':
      return { outcome: authV1.RefreshResponse_Outcome.OUTCOME_INVALID, tokens: undefined };
    case 'reuse_detected':
      return { outcome: authV1.RefreshResponse_Outcome.OUTCOME_REUSE_DETECTED, tokens: undefined };
    case 'expired':
      return { outcome: authV1.RefreshResponse_Outcome.OUTCOME_EXPIRED, tokens: undefined };
    default:
      return assertNever(result);
  }
}

export function toRevocation(fact: RevocationFact): authV1.Revocation {
  return fact.kind === 'token'
    ? { jti: fact.jti, expiresAt: Math.ceil(fact.expiresAtMs / 1000), userId: '', notBefore: 0, notBeforeMs: 0 }
    : { jti: '', expiresAt: 0, userId: fact.userId, notBefore: Math.ceil(fact.notBeforeMs / 1000), notBeforeMs: fact.notBeforeMs };
}
