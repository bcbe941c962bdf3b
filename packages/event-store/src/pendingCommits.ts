import type { Collection } from 'mongodb';
import type { Publication } from './types';

/**
 * Work left to do for a commit: relay its publications and project it. Written BEFORE the commit
 * (so a crash between the two cannot lose it) and deleted once both are done, so this collection
 * stays small: the relay and the sweeper only ever scan it, never the (large) commit log, which
 * matters on FerretDB where only `_id` lookups avoid a full scan.
 */
export interface PendingCommit {
  _id: string;
  streamId: string;
  version: number;
  lastVersion: number;
  outbox: Publication[];
  published: boolean;
  projected: boolean;
  createdAt: Date;
}

export const PENDING_SUFFIX = '_pending';

/** Removes entries whose work is complete. */
export async function deleteSettled(pending: Collection<PendingCommit>): Promise<void> {
  await pending.deleteMany({ published: true, projected: true });
}

type Half = 'published' | 'projected';

/**
 * What this process knows of its own commits' pending work, so that each half (relayed,
 * projected) costs one write by `_id`: the first half to finish marks itself, the second deletes
 * the entry. Memory only chooses between those two writes; every step is still persisted, so a
 * crash loses nothing (the relay and the sweeper redo what was not recorded). Commits of other
 * processes are unknown here, and callers fall back to asking the store.
 */
export class PendingSettlement {
  private readonly byCommit = new Map<string, { streamVersion: string; published: boolean; projected: boolean }>();
  private readonly byStreamVersion = new Map<string, string>();

  /** Bounded: a forgotten commit only costs its two writes the old way (see markPublished). */
  constructor(private readonly maxEntries = 10_000) {}

  /** A commit this process appended, with the halves that were already done at append time. */
  track(commitId: string, streamId: string, version: number, done: Record<Half, boolean>): void {
    if (done.published && done.projected) return;
    if (this.byCommit.size >= this.maxEntries) this.forget(this.byCommit.keys().next().value as string);
    const streamVersion = `${streamId}@${version}`;
    this.byCommit.set(commitId, { streamVersion, ...done });
    this.byStreamVersion.set(streamVersion, commitId);
  }

  commitOf(streamId: string, version: number): string | undefined {
    return this.byStreamVersion.get(`${streamId}@${version}`);
  }

  /** Records one half done: `delete` when the other half was already done, else `mark`; `unknown` for a commit not tracked here. */
  settle(commitId: string, half: Half): 'delete' | 'mark' | 'unknown' {
    const entry = this.byCommit.get(commitId);
    if (!entry) return 'unknown';
    entry[half] = true;
    if (!entry.published || !entry.projected) return 'mark';
    this.forget(commitId);
    return 'delete';
  }

  /** A commit that did not happen (its append failed): nothing to settle. */
  forget(commitId: string): void {
    const entry = this.byCommit.get(commitId);
    if (!entry) return;
    this.byCommit.delete(commitId);
    this.byStreamVersion.delete(entry.streamVersion);
  }

  get size(): number {
    return this.byCommit.size;
  }
}
