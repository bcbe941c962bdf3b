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
export class ApiKeyCache {
  private readonly byHash = new Map<string, CachedKey>();
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

  set(hash: string, entry: CachedKey): void {
    if (!this.enabled) return;
    // Bounded: when full, the oldest insertion goes (Map keeps insertion order).
    if (this.byHash.size >= this.maxEntries) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.byHash.set(hash, entry);
    this.hashByKeyId.set(entry.key.keyId, hash);
    const hashes = this.hashesByUser.get(entry.key.userId) ?? new Set<string>();
    hashes.add(hash);
    this.hashesByUser.set(entry.key.userId, hashes);
  }

  invalidateKey(keyId: string): void {
    const hash = this.hashByKeyId.get(keyId);
    if (hash !== undefined) this.remove(hash);
  }

  invalidateUser(userId: string): void {
    for (const hash of [...(this.hashesByUser.get(userId) ?? [])]) this.remove(hash);
  }

  clear(): void {
    this.byHash.clear();
    this.hashByKeyId.clear();
    this.hashesByUser.clear();
  }

  private remove(hash: string): void {
    const entry = this.byHash.get(hash);
    if (!entry) return;
    this.byHash.delete(hash);
    this.hashByKeyId.delete(entry.key.keyId);
    const hashes = this.hashesByUser.get(entry.key.userId);
    hashes?.delete(hash);
    if (hashes?.size === 0) this.hashesByUser.delete(entry.key.userId);
  }
}
