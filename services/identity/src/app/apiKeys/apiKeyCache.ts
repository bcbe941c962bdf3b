import type { IssuedApiKey } from '../../domain/apiKey/apiKeyState';
import type { Principal } from '../principals';

export interface CachedKey {
  key: IssuedApiKey;
  /** The owner as of loading; null when the owner is deleted. */
  owner: Principal | null;
  loadedAtMs: number;
}

/**
 * VerifyApiKey's in-memory cache, by key hash. Entries are dropped at once by local commands and,
 * for other instances' commands, by the identity-topic listener (within a second); the TTL is only
 * a backstop. Until the listener is ready the cache stays disabled, so nothing stale is kept.
 */
/**
 * A hot entry is reloaded in the background at a random point between these fractions of its TTL
 * (spread out, so keys loaded together do not all reload together), a few at a time.
 */
const REFRESH_FROM = 0.8;
const REFRESH_SPREAD = 0.15;
const MAX_BACKGROUND_REFRESHES = 1;

export class ApiKeyCache {
  private readonly byHash = new Map<string, CachedKey>();
  /** Loads in flight by hash: a burst of calls for one key costs one database read. */
  private readonly loading = new Map<string, Promise<CachedKey | undefined>>();
  private readonly refreshAtMs = new Map<string, number>();
  private backgroundRefreshes = 0;
  /**
   * Invalidations seen while loads are in flight, numbered: a load must not cache what it read if
   * one that concerns its key or owner (or a clear) arrived after it started. Unrelated events do
   * not hold other keys out of the cache. Emptied whenever no load is in flight.
   */
  private epoch = 0;
  private overtaking: Array<{ epoch: number; keyId?: string; userId?: string }> = [];
  /** When each load in flight started (by hash), to forget invalidations no load can be overtaken by. */
  private readonly loadStartedAt = new Map<string, number>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly hashesByUser = new Map<string, Set<string>>();
  private enabled: boolean;

  constructor(
    private readonly ttlMs: number,
    options: { enabled?: boolean; maxEntries?: number } = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  private readonly maxEntries: number;

  enable(): void {
    this.enabled = true;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  get size(): number {
    return this.byHash.size;
  }

  get(hash: string, nowMs: number): CachedKey | undefined {
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (nowMs - entry.loadedAtMs < this.ttlMs) return entry;
    this.remove(hash);
    return undefined;
  }

  /**
   * The entry for `hash`, loading it at most once at a time however many callers ask. A hot
   * entry is refreshed in the background before its TTL ends, so its callers never wait on the
   * reload; an invalidation during a load keeps that load's result out of the cache.
   */
  getOrLoad(hash: string, nowMs: number, loader: () => Promise<CachedKey | undefined>): Promise<CachedKey | undefined> {
    const entry = this.get(hash, nowMs);
    if (!entry) return this.load(hash, loader);
    const due = nowMs >= (this.refreshAtMs.get(hash) ?? Number.POSITIVE_INFINITY);
    if (due && !this.loading.has(hash) && this.backgroundRefreshes < MAX_BACKGROUND_REFRESHES) {
      this.backgroundRefreshes += 1;
      this.load(hash, loader)
        .catch(() => undefined)
        .finally(() => (this.backgroundRefreshes -= 1));
    }
    return Promise.resolve(entry);
  }

  private load(hash: string, loader: () => Promise<CachedKey | undefined>): Promise<CachedKey | undefined> {
    const pending = this.loading.get(hash);
    if (pending) return pending;
    const startedAt = this.epoch;
    this.loadStartedAt.set(hash, startedAt);
    const loading = loader()
      .then((entry) => {
        if (entry && !this.overtaken(entry, startedAt)) this.set(hash, entry);
        return entry;
      })
      .finally(() => {
        this.loading.delete(hash);
        this.loadStartedAt.delete(hash);
        this.forgetPastInvalidations();
      });
    this.loading.set(hash, loading);
    return loading;
  }

  set(hash: string, entry: CachedKey): void {
    if (!this.enabled) return;
    // Bounded: when full, the oldest insertion goes (Map keeps insertion order).
    if (this.byHash.size >= this.maxEntries) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.byHash.set(hash, entry);
    this.refreshAtMs.set(hash, entry.loadedAtMs + this.ttlMs * (REFRESH_FROM + Math.random() * REFRESH_SPREAD));
    this.hashByKeyId.set(entry.key.keyId, hash);
    const hashes = this.hashesByUser.get(entry.key.userId) ?? new Set<string>();
    hashes.add(hash);
    this.hashesByUser.set(entry.key.userId, hashes);
  }

  /** Keeps only the invalidations that arrived after the oldest load still in flight started. */
  private forgetPastInvalidations(): void {
    if (this.loadStartedAt.size === 0) {
      this.overtaking = [];
      return;
    }
    const oldest = Math.min(...this.loadStartedAt.values());
    if (this.overtaking.length > 0 && (this.overtaking[0]?.epoch ?? 0) <= oldest) this.overtaking = this.overtaking.filter((seen) => seen.epoch > oldest);
  }

  private overtaken(entry: CachedKey, startedAt: number): boolean {
    return this.overtaking.some(
      (seen) => seen.epoch > startedAt && (seen.keyId === undefined ? seen.userId === undefined || seen.userId === entry.key.userId : seen.keyId === entry.key.keyId),
    );
  }

  private noteInvalidation(seen: { keyId?: string; userId?: string }): void {
    this.epoch += 1;
    if (this.loading.size > 0) this.overtaking.push({ epoch: this.epoch, ...seen });
  }

  invalidateKey(keyId: string): void {
    this.noteInvalidation({ keyId });
    const hash = this.hashByKeyId.get(keyId);
    if (hash !== undefined) this.remove(hash);
  }

  invalidateUser(userId: string): void {
    this.noteInvalidation({ userId });
    for (const hash of [...(this.hashesByUser.get(userId) ?? [])]) this.remove(hash);
  }

  clear(): void {
    this.noteInvalidation({});
    this.byHash.clear();
    this.refreshAtMs.clear();
    this.hashByKeyId.clear();
    this.hashesByUser.clear();
  }

  private remove(hash: string): void {
    const entry = this.byHash.get(hash);
    if (!entry) return;
    this.byHash.delete(hash);
    this.refreshAtMs.delete(hash);
    this.hashByKeyId.delete(entry.key.keyId);
    const hashes = this.hashesByUser.get(entry.key.userId);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.hashesByUser.delete(entry.key.userId);
  }
}
