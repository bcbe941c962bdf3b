import { handleCommand } from '@qilbee/event-store';
import { DomainError, canonicalUuid } from '@qilbee/kernel';
import { userTokensDecider, type RevokeAllReason } from '../domain/userTokens/userTokens';
import type { AuthDeps } from './authDeps';
import { publicEvent, revocationMetadata } from './publicEvents';
import { eventMetadata, type RequestContext } from './requestContext';
import type { RevocationFact } from '@qilbee/tokens';

export const USER_TOKENS_PREFIX = 'user-tokens-';

export interface RevokeAllOptions {
  /** When the cause happened (identity event time); defaults to now. */
  notBeforeMs?: number;
  /** The identity event id that caused it: applying the same event twice does nothing. */
  causationId?: string;
}

/** QilbeeDB maps free-text reasons like this; identity-driven reasons come in already typed. */
export function adminReason(reason: string): RevokeAllReason {
  return reason === 'security_incident' || reason === 'password_changed' ? reason : 'admin_revoke';
}

/**
 * Every token issued to the user before the not-before stops working: one per-user fact, no scan.
 * Access tokens are checked against it by every validator; refresh families started before it
 * cannot rotate. Returns how many live sessions (refresh families) it ended.
 */
export async function revokeAllForUser(deps: AuthDeps, rawUserId: string, reason: RevokeAllReason, context: RequestContext, options: RevokeAllOptions = {}): Promise<{ previouslyRevokedCount: number }> {
  // Lower case, as tokens carry it: an upper-case id must not revoke a stream no token names.
  const userId = canonicalUuid(rawUserId);
  if (userId === undefined) throw new DomainError('invalid_argument', 'Invalid user ID format', 'invalid_user_id', [{ field: 'user_id', message: 'must be a UUID' }]);
  const nowMs = deps.clock.nowMs();
  const requestedNotBeforeMs = options.notBeforeMs ?? nowMs;
  const liveSessions = await deps.sessionDirectory.countLive(userId, requestedNotBeforeMs, nowMs);
  const streamId = `${USER_TOKENS_PREFIX}${userId}`;
  const command = { type: 'RevokeAllTokens' as const, userId, nowMs, notBeforeMs: requestedNotBeforeMs, reason, causationId: options.causationId ?? null, liveSessions };
  const result = await handleCommand(deps.store, streamId, userTokensDecider, command, {
    maxAttempts: 10,
    appendOptions: (events) => ({
      metadata: eventMetadata(context),
      publications: events.map((event) => {
        const fact: RevocationFact = { kind: 'user', userId, notBeforeMs: event.data.notBeforeMs };
        const metadata = { reason, previously_revoked_count: liveSessions, revoked_by_admin_id: context.actorUserId || null, causation_event_id: event.data.causationId, ...revocationMetadata([fact]) };
        return publicEvent({ type: 'all_tokens_revoked', atMs: nowMs, context, subject: userId, action: 'revoke_all_tokens', resource: `user:${userId}`, result: 'success', metadata });
      }),
    }),
  });
  const event = result.events[0];
  if (!event) return { previouslyRevokedCount: 0 };
  await deps.revocations.record([{ kind: 'user', userId, notBeforeMs: event.data.notBeforeMs }]);
  await deps.hooks.committed(streamId, result.version - result.events.length + 1);
  return { previouslyRevokedCount: event.data.previouslyRevokedCount };
}
