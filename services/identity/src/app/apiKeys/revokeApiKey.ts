import { DomainError, canonicalUuid } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { can, type Actor } from '../actor';
import { commit } from '../commit';
import { apiKeyDecider, apiKeyStreamId } from '../../domain/apiKey/apiKeyDecider';
import type { IssuedApiKey } from '../../domain/apiKey/apiKeyState';

function notFound(): DomainError {
  return new DomainError('not_found', 'API key not found', 'api_key_not_found');
}

/**
 * The key if the actor may manage it: its owner, or someone with UserUpdate. Anyone else gets
 * NOT_FOUND, never PERMISSION_DENIED, so key ids cannot be probed.
 */
export async function manageableKey(deps: IdentityDeps, actor: Actor, keyId: string): Promise<IssuedApiKey> {
  const id = canonicalUuid(keyId);
  const key = id === undefined ? null : await deps.apiKeys.get(id);
  if (!key) throw notFound();
  if (key.userId !== actor.userId && !can(actor, 'UserUpdate')) throw notFound();
  return key;
}

export async function revokeApiKey(deps: IdentityDeps, actor: Actor, ctx: CallContext, keyId: string): Promise<void> {
  const key = await manageableKey(deps, actor, keyId);
  await commit(deps, {
    streamId: apiKeyStreamId(key.keyId),
    decider: apiKeyDecider,
    command: { type: 'RevokeApiKey', reason: 'revoked', atMs: deps.clock.nowMs() },
    projection: deps.apiKeys,
    ctx,
    publicEvent: () => ({
      eventType: 'api_key_revoked',
      action: 'revoke_api_key',
      subject: key.keyId,
      resource: `api_key:${key.keyId}`,
      metadata: { key_id: key.keyId, owner_user_id: key.userId, prefix: key.prefix, name: key.name },
    }),
  });
  deps.cache.invalidateKey(key.keyId);
}
