import { createHash } from 'node:crypto';
import type { ApiKeyUsageStore, CommitHooks, LastLoginStore, PasswordHasher, ReservationStore } from '../../app/ports';

export class InMemoryReservationStore implements ReservationStore {
  readonly held = new Map<string, { ownerId: string; reservedAtMs: number }>();

  async reserve(key: string, ownerId: string, nowMs: number): Promise<'reserved' | 'taken'> {
    const existing = this.held.get(key);
    if (existing) return existing.ownerId === ownerId ? 'reserved' : 'taken';
    this.held.set(key, { ownerId, reservedAtMs: nowMs });
    return 'reserved';
  }
  async release(key: string, ownerId: string): Promise<void> {
    if (this.held.get(key)?.ownerId === ownerId) this.held.delete(key);
  }
  async holder(key: string): Promise<{ ownerId: string; reservedAtMs: number } | null> {
    return this.held.get(key) ?? null;
  }
  async takeOver(key: string, fromOwnerId: string, toOwnerId: string, nowMs: number): Promise<boolean> {
    if (this.held.get(key)?.ownerId !== fromOwnerId) return false;
    this.held.set(key, { ownerId: toOwnerId, reservedAtMs: nowMs });
    return true;
  }
}

export class InMemoryLastLoginStore implements LastLoginStore {
  readonly logins = new Map<string, number>();
  async record(userId: string, atMs: number): Promise<void> {
    this.logins.set(userId, Math.max(atMs, this.logins.get(userId) ?? 0));
  }
  async get(userIds: string[]): Promise<Map<string, number>> {
    return new Map(userIds.flatMap((id) => (this.logins.has(id) ? [[id, this.logins.get(id) as number] as const] : [])));
  }
}

export class InMemoryUsageStore implements ApiKeyUsageStore {
  readonly lastUsed = new Map<string, number>();
  writes = 0;
  async recordMany(batch: Map<string, number>): Promise<void> {
    this.writes += 1;
    for (const [keyId, atMs] of batch) this.lastUsed.set(keyId, Math.max(atMs, this.lastUsed.get(keyId) ?? 0));
  }
  async get(keyIds: string[]): Promise<Map<string, number>> {
    return new Map(keyIds.flatMap((id) => (this.lastUsed.has(id) ? [[id, this.lastUsed.get(id) as number] as const] : [])));
  }
}

/** A fast stand-in for argon2id in application tests (never used in production wiring). */
export class FakePasswordHasher implements PasswordHasher {
  verifications = 0;
  async hash(password: string): Promise<string> {
    return `fake$${createHash('sha256').update(password).digest('hex')}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    this.verifications += 1;
    return hash === (await this.hash(password));
  }
}

export const noCommitHooks: CommitHooks = { committed: async () => undefined };
