import { TOPICS } from '@qilbee/contracts';
import type { ConsumedMessage } from '@qilbee/kafka-kit';
import type { ApiKeyVerifier } from '../../app/apiKeyVerifier';
import { revocationFactsOf, type RevocationView } from '@qilbee/tokens';
import type { RoleCatalog } from '../../app/roleCatalog';

interface EventData {
  event_type?: unknown;
  resource?: unknown;
  metadata?: Record<string, unknown>;
}

function dataOf(message: ConsumedMessage): EventData | undefined {
  if (!message.value) return undefined;
  try {
    const event = JSON.parse(message.value) as { data?: EventData };
    return typeof event.data === 'object' && event.data !== null ? event.data : undefined;
  } catch {
    return undefined;
  }
}

function targetUserId(data: EventData): string | undefined {
  const fromMetadata = data.metadata?.target_user_id;
  if (typeof fromMetadata === 'string' && fromMetadata) return fromMetadata;
  const resource = typeof data.resource === 'string' ? data.resource : '';
  return resource.startsWith('user:') ? resource.slice(5) : undefined;
}

export interface FeedTargets {
  revocations: RevocationView;
  apiKeys: ApiKeyVerifier;
  roles: RoleCatalog;
}

/**
 * Applies security events to the edge's local views: revocations (security.auth.v1) and API-key
 * cache evictions and role changes (security.identity.v1). Applying twice is harmless (idempotent).
 */
export function applySecurityEvents(messages: ConsumedMessage[], targets: FeedTargets): void {
  for (const message of messages) {
    const data = dataOf(message);
    if (!data) continue;
    if (message.topic === TOPICS.auth) {
      for (const fact of revocationFactsOf(message.value)) targets.revocations.apply(fact);
      continue;
    }
    if (message.topic !== TOPICS.identity) continue;
    const type = String(data.event_type ?? '');
    const keyId = data.metadata?.key_id;
    if (['api_key_revoked', 'api_key_rotated', 'api_key_expired'].includes(type) && typeof keyId === 'string') targets.apiKeys.evictKey(keyId);
    const deactivated = type === 'user_updated' && data.metadata?.is_active === false;
    if (type === 'user_deleted' || deactivated || type === 'role_assigned') {
      const userId = targetUserId(data);
      if (userId) targets.apiKeys.evictUser(userId);
    }
    if (type === 'role_defined' || type === 'role_deleted') {
      targets.roles.invalidate();
      targets.apiKeys.clear();
    }
  }
}
