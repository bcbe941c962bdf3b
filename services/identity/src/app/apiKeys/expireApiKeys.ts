import type { IdentityDeps } from '../deps';
import { SYSTEM_CONTEXT } from '../callContext';
import { commit } from '../commit';
import { apiKeyDecider, apiKeyStreamId } from '../../domain/apiKey/apiKeyDecider';

/** Records the expiry of one key (idempotent: a key already expired yields no event). */
export async function expireApiKey(deps: IdentityDeps, keyId: string): Promise<boolean> {
  const { events } = await commit(deps, {
    streamId: apiKeyStreamId(keyId),
    decider: apiKeyDecider,
    command: { type: 'ExpireApiKey', atMs: deps.clock.nowMs() },
    projection: deps.apiKeys,
    ctx: SYSTEM_CONTEXT,
    publicEvent: (decided, state) => {
      const expired = decided[0];
      const ownerId = state.stage === 'Unissued' ? null : state.userId;
      return {
        eventType: 'api_key_expired',
        action: 'expire_api_key',
        subject: keyId,
        resource: `api_key:${keyId}`,
        metadata: {
          key_id: keyId,
          owner_user_id: ownerId,
          expires_at: expired?.type === 'ApiKeyExpired' ? new Date(expired.data.expiresAtMs).toISOString() : null,
        },
      };
    },
  });
  deps.cache.invalidateKey(keyId);
  return events.length > 0;
}

/** One sweep: every key whose expiry passed gets its ApiKeyExpired event. */
export async function expireDueKeys(deps: IdentityDeps, limit = 200): Promise<number> {
  const due = await deps.apiKeys.dueForExpiry(deps.clock.nowMs(), limit);
  let expired = 0;
  for (const keyId of due) if (await expireApiKey(deps, keyId)) expired += 1;
  return expired;
}
