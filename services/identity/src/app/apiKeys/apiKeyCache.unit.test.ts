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

  it('a burst of calls for one key loads it once', async () => {
    const cache = new ApiKeyCache(1000);
    let loads = 0;
    const loader = async () => ((loads += 1), entry('k1', 'u1', 0));
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('h-k1', 0, loader)));
    expect(loads).toBe(1);
    expect(results.every((r) => r?.key.keyId === 'k1')).toBe(true);
  });

  it('a hot entry is reloaded in the background before its TTL ends, callers get the cached one meanwhile', async () => {
    const cache = new ApiKeyCache(1000);
    cache.set('h-k1', entry('k1', 'u1', 0));
    let release: (value: CachedKey) => void = () => undefined;
    const loader = () => new Promise<CachedKey>((resolve) => (release = resolve));
    expect((await cache.getOrLoad('h-k1', 750, loader))?.loadedAtMs).toBe(0); // before 80% of the TTL: no reload
    expect((await cache.getOrLoad('h-k1', 950, loader))?.loadedAtMs).toBe(0); // past 90%: served, reload started
    release(entry('k1', 'u1', 950));
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.get('h-k1', 1500)?.loadedAtMs).toBe(950);
  });

  it('a load that an invalidation overtook does not put what it read back into the cache', async () => {
    const cache = new ApiKeyCache(1000);
    let release: (value: CachedKey) => void = () => undefined;
    const loading = cache.getOrLoad('h-k1', 0, () => new Promise<CachedKey>((resolve) => (release = resolve)));
    cache.invalidateKey('k1'); // e.g. api_key_revoked arrives while the directory read is in flight
    release(entry('k1', 'u1', 0));
    await loading;
    expect(cache.get('h-k1', 0)).toBeUndefined();
  });

  it('an invalidation of the owner, or a clear, also keeps the load out; one about another key or user does not', async () => {
    const overtakenBy = async (invalidate: (cache: ApiKeyCache) => void) => {
      const cache = new ApiKeyCache(1000);
      let release: (value: CachedKey) => void = () => undefined;
      const loading = cache.getOrLoad('h-k1', 0, () => new Promise<CachedKey>((resolve) => (release = resolve)));
      invalidate(cache);
      release(entry('k1', 'u1', 0));
      await loading;
      return cache.get('h-k1', 0) === undefined;
    };
    expect(await overtakenBy((cache) => cache.invalidateUser('u1'))).toBe(true);
    expect(await overtakenBy((cache) => cache.clear())).toBe(true);
    expect(await overtakenBy((cache) => cache.invalidateKey('k2'))).toBe(false);
    expect(await overtakenBy((cache) => cache.invalidateUser('u2'))).toBe(false);
  });

  it('an invalidation that arrived before the load started does not hold it out', async () => {
    const cache = new ApiKeyCache(1000);
    let release: (value: CachedKey) => void = () => undefined;
    const first = cache.getOrLoad('h-k2', 0, () => new Promise<CachedKey>((resolve) => (release = resolve)));
    cache.invalidateKey('k1'); // noted: a load (k2's) is in flight
    const second = cache.getOrLoad('h-k1', 0, async () => entry('k1', 'u1', 0));
    await second;
    expect(cache.get('h-k1', 0)).toBeDefined();
    release(entry('k2', 'u1', 0));
    await first;
    expect(cache.get('h-k2', 0)).toBeDefined();
  });

  it('forgets invalidations that no load in flight can be overtaken by, even while loads keep overlapping', async () => {
    const cache = new ApiKeyCache(1000);
    const internals = cache as unknown as { overtaking: unknown[] };
    let releaseOld: (value: CachedKey) => void = () => undefined;
    const old = cache.getOrLoad('h-k1', 0, () => new Promise<CachedKey>((resolve) => (releaseOld = resolve)));
    for (let i = 0; i < 50; i += 1) cache.invalidateKey(`other-${i}`);
    expect(internals.overtaking).toHaveLength(50);
    let releaseNew: (value: CachedKey) => void = () => undefined;
    const young = cache.getOrLoad('h-k2', 0, () => new Promise<CachedKey>((resolve) => (releaseNew = resolve)));
    cache.invalidateKey('k2');
    releaseOld(entry('k1', 'u1', 0));
    await old;
    // Only what arrived after the young load started is kept: it is still in flight.
    expect(internals.overtaking).toHaveLength(1);
    releaseNew(entry('k2', 'u1', 0));
    await young;
    expect(cache.get('h-k2', 0)).toBeUndefined();
    expect(internals.overtaking).toHaveLength(0);
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
