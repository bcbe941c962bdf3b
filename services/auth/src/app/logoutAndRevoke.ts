import { DomainError } from '@qilbee/kernel';
import type { RefreshFamilyEvent, RefreshFamilyState } from '../domain/refreshFamily';
import type { AuthDeps } from './authDeps';
import { publicEvent, revocationMetadata } from './publicEvents';
import { familyIdOf, hashRefreshToken } from './refreshTokenCodec';
import { familyRevocationFacts } from './revocations';
import type { RequestContext } from './requestContext';
import type { AccessTokenClaims, RevocationFact } from '@qilbee/tokens';

type RevokingEventType = 'logout' | 'token_revoked';

/** One public event for whatever the family events revoked; the presented token's jti first. */
function revocationPublications(type: RevokingEventType, context: RequestContext, presentedJti: string | null, reason: string) {
  return (events: RefreshFamilyEvent[], state: RefreshFamilyState) => {
    if (state.stage === 'None' || events.length === 0) return [];
    const facts = familyRevocationFacts(events).sort((a, b) => Number(b.kind === 'token' && b.jti === presentedJti) - Number(a.kind === 'token' && a.jti === presentedJti));
    const atMs = events[0]?.data.atMs ?? 0;
    const resource = presentedJti ? `jti:${presentedJti}` : `session:${state.familyId}`;
    const action = type === 'logout' ? 'logout' : 'revoke_token';
    return [
      publicEvent({ type, atMs, context, subject: state.userId, resource, action, result: 'success', actor: type === 'logout' ? { userId: state.userId, username: state.username } : undefined, metadata: { reason, session_id: state.familyId, jti: presentedJti, ...revocationMetadata(facts) } }),
    ];
  };
}

async function issuedClaims(deps: AuthDeps, token: string, code: 'unauthenticated' | 'invalid_argument'): Promise<AccessTokenClaims> {
  const verified = await deps.validator.verifyIssued(token);
  if (!verified.issued) throw new DomainError(code, `Invalid token: ${verified.reason}`, 'invalid_token');
  return verified.claims;
}

/** Logout: the presented access token and its whole refresh family stop working. Idempotent. */
export async function logout(deps: AuthDeps, accessToken: string, context: RequestContext): Promise<void> {
  const claims = await issuedClaims(deps, accessToken, 'unauthenticated');
  const nowMs = deps.clock.nowMs();
  const publications = revocationPublications('logout', context, claims.jti, 'logout');
  const { events } = await deps.sessions.execute(claims.sid, { type: 'RevokeFamily', reason: 'logout', nowMs }, context, publications);
  if (events.length === 0) await deps.sessions.execute(claims.sid, { type: 'RevokeAccessToken', jti: claims.jti, nowMs }, context, publications);
  await ensureRevoked(deps, claims);
}

/** A token we signed but whose family has no record of it is still revoked by its jti. */
async function ensureRevoked(deps: AuthDeps, claims: AccessTokenClaims): Promise<void> {
  if (deps.revocations.view.isTokenRevoked(claims.jti)) return;
  const fact: RevocationFact = { kind: 'token', jti: claims.jti, expiresAtMs: claims.exp * 1000 };
  await deps.revocations.record([fact]);
}

/**
 * Revoke (RFC 7009 spirit): a token that does not verify is INVALID_ARGUMENT; any access or refresh
 * token we issued, even expired or already revoked, is OK. Returns the revoked jti (for a refresh
 * token: its family's latest access token, revoked with the family).
 */
export async function revoke(deps: AuthDeps, token: string, context: RequestContext): Promise<{ jti: string }> {
  const familyId = familyIdOf(token);
  const nowMs = deps.clock.nowMs();
  if (familyId) {
    const state = await deps.sessions.load(familyId);
    const hash = hashRefreshToken(token);
    if (state.stage === 'None' || !state.tokens.some((t) => t.hash === hash)) throw new DomainError('invalid_argument', 'Invalid token: unknown refresh token', 'invalid_token');
    await deps.sessions.execute(familyId, { type: 'RevokeFamily', reason: 'revoked', nowMs }, context, revocationPublications('token_revoked', context, null, 'revoked'));
    return { jti: state.accessTokens[state.accessTokens.length - 1]?.jti ?? '' };
  }
  const claims = await issuedClaims(deps, token, 'invalid_argument');
  await deps.sessions.execute(claims.sid, { type: 'RevokeAccessToken', jti: claims.jti, nowMs }, context, revocationPublications('token_revoked', context, claims.jti, 'revoked'));
  await ensureRevoked(deps, claims);
  return { jti: claims.jti };
}
