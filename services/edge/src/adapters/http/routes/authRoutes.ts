import { decodeJwt } from 'jose';
import { z } from '@qilbee/config';
import { authV1 } from '@qilbee/contracts';
import { DomainError, UUID_PATTERN, type Clock } from '@qilbee/kernel';
import type { AuthPort } from '../../../app/ports';
import type { RevocationView } from '@qilbee/tokens';
import type { TokenVerifier } from '../../../app/tokenVerifier';
import { problem } from '../../../domain/problems';
import { requestContext, state } from '../requestState';
import { sendProblem } from '../sendProblem';
import { body, text } from '../validation';
import { lockoutJson } from '../representations';
import type { Handlers } from './types';

const LoginOutcome = authV1.LoginResponse_Outcome;
const RefreshOutcome = authV1.RefreshResponse_Outcome;

export const LoginBody = z.object({ username: text(256), password: z.string().min(1).max(1024) }).strict();
export const RefreshBody = z.object({ refresh_token: z.string().min(1).max(4096) }).strict();
export const RevokeBody = z.object({ token: z.string().min(1).max(8192) }).strict();
export const RevokeAllBody = z.object({ user_id: z.string().regex(UUID_PATTERN, 'must be a UUID'), reason: z.string().max(256).optional() }).strict();

export interface AuthRouteDeps {
  auth: AuthPort;
  tokens: TokenVerifier;
  revocations: RevocationView;
  clock: Clock;
}

function tokenPairJson(tokens: authV1.TokenPair | undefined) {
  if (!tokens) throw new Error('auth returned no tokens');
  return {
    access_token: tokens.accessToken,
    token_type: tokens.tokenType || 'Bearer',
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    refresh_expires_in: tokens.refreshExpiresIn,
    username: tokens.username,
    user_id: tokens.userId,
  };
}

function bearerOf(header: string | undefined): string {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
}

/** Until when a revoked token id must be remembered: its own expiry, or a day when unreadable. */
function expiryOf(token: string, nowMs: number): number {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return exp;
  } catch {
    // Not a JWT (a refresh token): keep the id for a day.
  }
  return Math.floor(nowMs / 1000) + 86_400;
}

export function authRoutes(deps: AuthRouteDeps): Handlers {
  return {
    'auth.login': async (req, res) => {
      const input = body(LoginBody, req.body);
      const response = await deps.auth.login({ context: requestContext(req, res), username: input.username, password: input.password });
      const lockout = lockoutJson(response.lockout);
      switch (response.outcome) {
        case LoginOutcome.OUTCOME_SUCCESS:
          res.json(tokenPairJson(response.tokens));
          return;
        case LoginOutcome.OUTCOME_BAD_CREDENTIALS:
        case LoginOutcome.OUTCOME_DISABLED: {
          const locking = lockout.locked
            ? { locked: true, lockout_expires: lockout.lockout_expires, lockout_remaining_seconds: lockout.lockout_remaining_seconds }
            : {};
          sendProblem(res, problem(401, 'invalid_credentials', 'Invalid username or password', {
            failed_attempts: lockout.failed_attempts,
            remaining_attempts: lockout.remaining_attempts,
            ...locking,
          }));
          return;
        }
        case LoginOutcome.OUTCOME_LOCKED:
        case LoginOutcome.OUTCOME_IP_THROTTLED: {
          const byIp = response.outcome === LoginOutcome.OUTCOME_IP_THROTTLED;
          if (lockout.lockout_remaining_seconds) res.setHeader('Retry-After', String(lockout.lockout_remaining_seconds));
          const message = byIp ? 'Too many failed login attempts from this address' : 'Account locked due to too many failed login attempts';
          sendProblem(res, problem(429, byIp ? 'ip_throttled' : 'account_locked', message, {
            locked: true,
            lockout_expires: lockout.lockout_expires,
            lockout_remaining_seconds: lockout.lockout_remaining_seconds,
            lockout_reason: lockout.lockout_reason,
          }), 'authentication_failed');
          return;
        }
        default:
          throw new Error(`auth login answered outcome ${response.outcome}`);
      }
    },

    'auth.logout': async (req, res) => {
      const token = state(res).principal?.token;
      if (!token) throw new DomainError('invalid_argument', 'Logout needs the Bearer access token', 'bearer_token_required');
      await deps.auth.logout({ context: requestContext(req, res), accessToken: token.raw });
      deps.revocations.apply({ kind: 'token', jti: token.jti, expiresAtMs: token.expSeconds * 1000 });
      res.json({ success: true });
    },

    'auth.refresh': async (req, res) => {
      const input = body(RefreshBody, req.body);
      // The SDK re-sends its original refresh token with its current access token; auth uses
      // the access token (when its contract has the field) to tell that apart from theft.
      const accessToken = bearerOf(req.headers.authorization);
      const response = await deps.auth.refresh({
        context: requestContext(req, res),
        refreshToken: input.refresh_token,
        ...(accessToken ? { accessToken } : {}),
      });
      switch (response.outcome) {
        case RefreshOutcome.OUTCOME_SUCCESS:
          res.json(tokenPairJson(response.tokens));
          return;
        case RefreshOutcome.OUTCOME_EXPIRED:
          sendProblem(res, problem(401, 'refresh_token_expired', 'Refresh token expired, please login again'));
          return;
        case RefreshOutcome.OUTCOME_REUSE_DETECTED:
          sendProblem(res, problem(401, 'refresh_token_reused', 'Refresh token reuse detected; the session has been revoked'));
          return;
        default:
          sendProblem(res, problem(401, 'invalid_refresh_token', 'Invalid refresh token'));
      }
    },

    'auth.revoke': async (req, res) => {
      const input = body(RevokeBody, req.body);
      const response = await deps.auth.revoke({ context: requestContext(req, res), token: input.token });
      deps.revocations.apply({ kind: 'token', jti: response.jti, expiresAtMs: expiryOf(input.token, deps.clock.nowMs()) * 1000 });
      res.json({ success: true, message: 'Token revoked successfully', jti: response.jti });
    },

    'auth.revokeAll': async (req, res) => {
      const input = body(RevokeAllBody, req.body);
      const response = await deps.auth.revokeAllForUser({ context: requestContext(req, res), userId: input.user_id, reason: input.reason ?? '' });
      // Applied here at once (so this edge never accepts an old token again); auth's
      // all_tokens_revoked event brings its own instant to every other edge.
      deps.revocations.apply({ kind: 'user', userId: input.user_id, notBeforeMs: deps.clock.nowMs() });
      res.json({
        success: true,
        message: 'All tokens revoked for user',
        user_id: input.user_id,
        previously_revoked_count: response.previouslyRevokedCount,
      });
    },

    'auth.jwks': async (_req, res) => {
      if (!deps.tokens.ready) await deps.tokens.refresh();
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.removeHeader('Pragma');
      res.type('application/json').send(deps.tokens.jwks);
    },
  };
}
