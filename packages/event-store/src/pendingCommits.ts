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
