import type { ApiKeyUsageStore } from '../ports';

/**
 * last_used without a write per verification: uses are kept in memory (latest per key) and
 * flushed in one batch on a timer and at shutdown. A failed flush keeps the uses for the next one.
 */
export class UsageBuffer {
  private pending = new Map<string, number>();

  touch(keyId: string, atMs: number): void {
    const previous = this.pending.get(keyId);
    if (previous === undefined || atMs > previous) this.pending.set(keyId, atMs);
  }

  peek(keyId: string): number | undefined {
    return this.pending.get(keyId);
  }

  async flush(store: ApiKeyUsageStore): Promise<number> {
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await store.recordMany(batch);
      return batch.size;
    } catch (error) {
      for (const [keyId, atMs] of batch) this.touch(keyId, atMs);
      throw error;
    }
  }
}
