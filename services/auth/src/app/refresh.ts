import { classifyRefresh, type RefreshFamilyEvent, type RefreshFamilyState } from '../domain/refreshFamily';
import { planAccessToken, signAccessToken } from './accessTokenIssuer';
import type { AuthDeps, TokenPair } from './authDeps';
import { publicEvent, revocationMetadata } from './publicEvents';
import { familyIdOf, hashRefreshToken, newRefreshToken } from './refreshTokenCodec';
import { familyRevocationFacts } from './revocations';
import type { RequestContext } from './requestContext';

export type RefreshResult = { outcome: 'success'; tokens: TokenPair } | { outcome: 'invalid' | 'reuse_detected' | 'expired' };

function refreshPublications(context: RequestContext) {
  return (events: RefreshFamilyEvent[], state: RefreshFamilyState) => {
    if (state.stage === 'None') return [];
    const common = { context, subject: state.userId, resource: `session:${state.familyId}`, actor: { userId: state.userId, username: state.username } };
    return events.flatMap((event) => {
      if (event.type === 'RefreshTokenRotated') {
        const { atMs, generation, access, benignReuseOfGeneration } = event.data;
        return [publicEvent({ ...common, type: 'token_refresh', atMs, action: 'refresh_token', result: 'success', metadata: { jti: access.jti, session_id: state.familyId, generation, benign_reuse: benignReuseOfGeneration !== null } })];
      }
      if (event.type === 'RefreshTokenReuseDetected') {
        const metadata = { session_id: state.familyId, presented_generation: event.data.presentedGeneration, ...revocationMetadata(familyRevocationFacts([event])) };
        return [publicEvent({ ...common, type: 'token_refresh_reuse_detected', atMs: event.data.atMs, action: 'refresh_token', result: 'failure', metadata })];
      }
      return [];
    });
  };
}

/** The jti of the caller's access token when it is valid and belongs to this family. */
async function presentedAccessJti(deps: AuthDeps, accessToken: string | undefined, familyId: string): Promise<string | null> {
  if (!accessToken) return null;
  const validation = await deps.validator.validate(accessToken);
  return validation.valid && validation.claims.sid === familyId ? validation.claims.jti : null;
}

/**
 * Refresh with rotation. A rotated token presented again revokes the whole family, except the
 * benign case of the QilbeeDB SDK (see classifyRefresh). The user's current roles are read from
 * identity, and a deleted or disabled user, or a session older than the user's not-before, ends.
 */
export async function refresh(deps: AuthDeps, refreshToken: string, accessToken: string | undefined, context: RequestContext): Promise<RefreshResult> {
  const familyId = familyIdOf(refreshToken);
  if (!familyId) return { outcome: 'invalid' };
  const presentedHash = hashRefreshToken(refreshToken);
  const accessJti = await presentedAccessJti(deps, accessToken, familyId);
  const state = await deps.sessions.load(familyId);
  const verdict = classifyRefresh(state, presentedHash, accessJti, deps.clock.nowMs());
  if (verdict === 'unknown' || verdict === 'revoked' || state.stage !== 'Active') return { outcome: 'invalid' };
  if (verdict === 'expired') return { outcome: 'expired' };
  if (verdict !== 'reuse') {
    const notBeforeMs = deps.revocations.view.userNotBeforeMs(state.userId);
    if (notBeforeMs !== undefined && state.startedAtMs < notBeforeMs) return { outcome: 'invalid' };
    const principal = await deps.identity.getPrincipal(state.userId);
    if (!principal || !principal.isActive) {
      await deps.sessions.execute(familyId, { type: 'RevokeFamily', reason: 'user_inactive', nowMs: deps.clock.nowMs() }, context, () => []);
      return { outcome: 'invalid' };
    }
    state.username = principal.username;
    return rotate(deps, familyId, presentedHash, accessJti, principal.roles, state.username, state.userId, context);
  }
  await deps.sessions.execute(familyId, rotateCommand(deps, presentedHash, accessJti, newRefreshToken(familyId)), context, refreshPublications(context));
  return { outcome: 'reuse_detected' };
}

function rotateCommand(deps: AuthDeps, presentedHash: string, accessJti: string | null, newToken: string) {
  const nowMs = deps.clock.nowMs();
  const plan = planAccessToken(nowMs, deps.settings);
  return {
    type: 'RotateRefreshToken' as const,
    presentedHash,
    presentedAccessJti: accessJti,
    nowMs,
    tokenHash: hashRefreshToken(newToken),
    refreshExpiresAtMs: nowMs + deps.settings.refreshTtlMs,
    access: { jti: plan.jti, expiresAtMs: plan.expiresAtMs },
    plan,
  };
}

async function rotate(deps: AuthDeps, familyId: string, presentedHash: string, accessJti: string | null, roles: string[], username: string, userId: string, context: RequestContext): Promise<RefreshResult> {
  const newToken = newRefreshToken(familyId);
  const command = rotateCommand(deps, presentedHash, accessJti, newToken);
  const { events } = await deps.sessions.execute(familyId, command, context, refreshPublications(context));
  const first = events[0];
  if (first?.type === 'RefreshTokenReuseDetected') return { outcome: 'reuse_detected' };
  if (first?.type !== 'RefreshTokenRotated') return { outcome: 'invalid' };
  const signed = await signAccessToken(deps.keys, deps.settings, { userId, username, roles, sessionId: familyId }, command.plan);
  return {
    outcome: 'success',
    tokens: {
      accessToken: signed.token,
      tokenType: 'Bearer',
      expiresInS: Math.round((command.plan.expiresAtMs - command.nowMs) / 1000),
      refreshToken: newToken,
      refreshExpiresInS: Math.round(deps.settings.refreshTtlMs / 1000),
      userId,
      username,
    },
  };
}
