import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { keyPermissionsFor, type Actor } from '../actor';
import { expiryFromDays, issueApiKey } from './issueApiKey';
import { toApiKeyView, type ApiKeyView } from './apiKeyView';

export interface CreateApiKeyInput {
  name: string;
  expiresInDays?: number;
  /** Empty means all of the owner's permissions, evaluated at each verification. */
  permissions: string[];
}

/** A key for the actor themselves, never with more permissions than the actor has right now. */
export async function createApiKey(deps: IdentityDeps, actor: Actor, ctx: CallContext, input: CreateApiKeyInput): Promise<{ secret: string; view: ApiKeyView }> {
  if (actor.isSystem) throw new DomainError('failed_precondition', 'API keys belong to users', 'no_owner');
  const nowMs = deps.clock.nowMs();
  const { secret, key } = await issueApiKey(deps, ctx, {
    userId: actor.userId,
    name: input.name,
    permissions: keyPermissionsFor(actor, input.permissions),
    ownerPermissions: [...actor.permissions],
    expiresAtMs: expiryFromDays(nowMs, input.expiresInDays),
    rotatedFromKeyId: null,
    publicEvent: (issued) => ({
      eventType: 'api_key_created',
      action: 'create_api_key',
      subject: issued.keyId,
      resource: `api_key:${issued.keyId}`,
      metadata: {
        key_id: issued.keyId,
        owner_user_id: actor.userId,
        name: issued.name,
        prefix: issued.prefix,
        permissions: issued.permissions,
        expires_at: issued.expiresAtMs === null ? null : new Date(issued.expiresAtMs).toISOString(),
      },
    }),
  });
  return { secret, view: toApiKeyView(key, nowMs) };
}
