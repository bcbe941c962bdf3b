import { ApiKeyCache, type CachedKey } from './apiKeyCache';
import { applyInvalidation } from './cacheInvalidation';

function entry(keyId: string, userId: string, loadedAtMs = 0): CachedKey {
  return {
    key: { stage: 'Active', keyId, userId, name: 'k', prefix: 'p', secretHash: `h-${keyId}`, permissions: [], createdAtMs: 0, expiresAtMs: null, rotatedFromKeyId: null },
    owner: null,
    loadedAtMs,
  };
}

describe('API key cache and its invalidation events', () => {
  it('keeps nothing until enabled (the invalidation listener has joined)', () => {
    const cache = new ApiKeyCache(1000, { enabled: false });
    cache.set('h-k1', entry('k1', 'u1'));
    expect(cache.get('h-k1', 0)).toBeUndefined();
    cache.enable();
    cache.set('h-k1', entry('k1', 'u1'));
    expect(cache.get('h-k1', 0)).toBeDefined();
  });

  it('expires entries after the TTL backstop', () => {
    const cache = new ApiKeyCache(1000);
    cache.set('h-k1', entry('k1', 'u1', 0));
    expect(cache.get('h-k1', 999)).toBeDefined();
    expect(cache.get('h-k1', 1000)).toBeUndefined();
  });

  it('a key event drops that key; a user event drops every key of the user; a role event drops all', () => {
    const cache = new ApiKeyCache(60_000);
    for (const [key, user] of [['k1', 'u1'], ['k2', 'u1'], ['k3', 'u2']] as const) cache.set(`h-${key}`, entry(key, user));
    applyInvalidation(cache, { event_type: 'api_key_revoked', metadata: { key_id: 'k3' } });
    expect(cache.get('h-k3', 0)).toBeUndefined();
    expect(cache.size).toBe(2);
    applyInvalidation(cache, { event_type: 'user_updated', metadata: { target_user_id: 'u1' } });
    expect(cache.size).toBe(0);
    cache.set('h-k3', entry('k3', 'u2'));
    applyInvalidation(cache, { event_type: 'role_defined', metadata: {} });
    expect(cache.size).toBe(0);
  });

  it('stays bounded: the oldest entry goes when full', () => {
    const cache = new ApiKeyCache(60_000, { maxEntries: 2 });
    cache.set('h-k1', entry('k1', 'u1'));
    cache.set('h-k2', entry('k2', 'u1'));
    cache.set('h-k3', entry('k3', 'u1'));
    expect(cache.get('h-k1', 0)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
