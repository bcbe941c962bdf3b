import type { StoredEvent } from './types';

export interface CachedStream {
  /** The version of the last cached event (a commit boundary). */
  version: number;
  events: StoredEvent[];
}

/**
 * The streams this process read or wrote lately, least recently used evicted first. An entry is
 * always a prefix of the stream as committed (it is only filled from reads of `event_commits` and
 * from this process's own appends once their commit is durable), so it may be behind the stream
 * but never ahead of it: the store checks it against the stream head before trusting it.
 */
export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  /** Keeps the longer of two prefixes: a slow read finishing after an append must not move it back. */
  offer(streamId: string, entry: CachedStream): void {
    if (this.capacity <= 0 || entry.events.length === 0) return;
    const current = this.entries.get(streamId);
    if (current && current.version >= entry.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
