import type { Publication } from '@qilbee/event-store';
import { uuidv7 } from '@qilbee/kernel';
import { planAccessToken, signAccessToken } from './accessTokenIssuer';
import type { AuthDeps, TokenPair } from './authDeps';
import type { Principal } from './ports/identityPort';
import { publicEvent } from './publicEvents';
import { hashRefreshToken, newRefreshToken } from './refreshTokenCodec';
import type { RequestContext } from './requestContext';

/** Starts a login session: a new refresh-token family, its first access token, the `login` event. */
export async function issueSession(deps: AuthDeps, principal: Principal, context: RequestContext): Promise<TokenPair> {
  const nowMs = deps.clock.nowMs();
  const familyId = uuidv7(nowMs);
  const refreshToken = newRefreshToken(familyId);
  const plan = planAccessToken(nowMs, deps.settings);
  const refreshExpiresAtMs = nowMs + deps.settings.refreshTtlMs;
  const login = (): Publication[] => [
    publicEvent({
      type: 'login',
      atMs: nowMs,
      context,
      subject: principal.userId,
      action: 'login',
      resource: `user:${principal.userId}`,
      result: 'success',
      actor: { userId: principal.userId, username: principal.username },
      metadata: { jti: plan.jti, session_id: familyId },
    }),
  ];
  // Signing needs nothing from the store: it runs while the session is recorded. The token only
  // leaves this function once the session that backs it is durable.
  const [signed] = await Promise.all([
    signAccessToken(deps.keys, deps.settings, { userId: principal.userId, username: principal.username, roles: principal.roles, sessionId: familyId }, plan),
    deps.sessions.execute(familyId, { type: 'StartFamily', familyId, userId: principal.userId, username: principal.username, nowMs, tokenHash: hashRefreshToken(refreshToken), refreshExpiresAtMs, access: { jti: plan.jti, expiresAtMs: plan.expiresAtMs } }, context, login),
  ]);
  return {
    accessToken: signed.token,
    tokenType: 'Bearer',
    expiresInS: Math.round((plan.expiresAtMs - nowMs) / 1000),
    refreshToken,
    refreshExpiresInS: Math.round(deps.settings.refreshTtlMs / 1000),
    userId: principal.userId,
    username: principal.username,
  };
}
