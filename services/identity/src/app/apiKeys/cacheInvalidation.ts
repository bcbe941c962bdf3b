import type { ApiKeyCache } from './apiKeyCache';

interface IdentityEventData {
  event_type?: string;
  metadata?: { key_id?: unknown; target_user_id?: unknown };
}

/**
 * What an identity event means for cached verifications, in any instance: a key event drops that
 * key, a user event drops the user's keys (owner disabled, deleted, roles changed), and a role
 * change drops everything (any principal may have moved).
 */
export function applyInvalidation(cache: ApiKeyCache, data: IdentityEventData): void {
  const keyId = data.metadata?.key_id;
  const userId = data.metadata?.target_user_id;
  if (data.event_type === 'role_defined' || data.event_type === 'role_deleted') {
    cache.clear();
    return;
  }
  if (typeof keyId === 'string') cache.invalidateKey(keyId);
  if (typeof userId === 'string') cache.invalidateUser(userId);
}
