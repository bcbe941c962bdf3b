import type { IdentityDeps } from '../deps';
import { requirePermission, type Actor } from '../actor';
import { toApiKeyView, type ApiKeyView } from './apiKeyView';

/** Own keys; another user's only with UserRead (else 403, per the contract). Never secrets. */
export async function listApiKeys(deps: IdentityDeps, actor: Actor, userId: string, includeRevoked: boolean): Promise<ApiKeyView[]> {
  const owner = userId || actor.userId;
  if (owner !== actor.userId) requirePermission(actor, 'UserRead');
  const keys = await deps.apiKeys.listByUser(owner);
  const stored = await deps.usage.get(keys.map((k) => k.keyId));
  const nowMs = deps.clock.nowMs();
  return keys
    .map((key) => {
      const lastUsed = Math.max(stored.get(key.keyId) ?? 0, deps.usageBuffer.peek(key.keyId) ?? 0);
      return toApiKeyView(key, nowMs, lastUsed > 0 ? lastUsed : null);
    })
    .filter((view) => includeRevoked || view.status !== 'revoked')
    .sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
}
