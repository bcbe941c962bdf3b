import type { Collection } from 'mongodb';
import type { Logger } from '@qilbee/logger';
import { storeOf, type CommitDocument, type MongoEventStore } from './mongoEventStore';
import { deleteSettled } from './pendingCommits';

export interface Reprojectable {
  definition: { streamPrefix: string };
  reproject(streamId: string): Promise<void>;
}

/**
 * Command handlers project inline (read-your-writes) and then call `markProjected`. This sweeper
 * is the safety net: commits still unprojected after a grace period (the process died between
 * append and projection) are projected again from their stream, then marked. The same crash may
 * have left the stream head behind the commit, so the sweeper raises it too (one `_id` write per
 * leftover commit, only for crash leftovers).
 */
export class ProjectionSweeper {
  private readonly store: MongoEventStore;

  constructor(
    commits: Collection<CommitDocument>,
    private readonly models: Reprojectable[],
    private readonly logger: Logger,
  ) {
    this.store = storeOf(commits);
  }

  /**
   * Marks a commit as seen by the read models without holding up the caller: for the hook a
   * service calls once it has projected. A mark that fails only leaves work for the sweep.
   */
  markProjectedLater(streamId: string, version: number): void {
    this.markProjected(streamId, version).catch((error: unknown) => this.logger.warn({ err: error, streamId }, 'marking a commit projected failed; the sweeper will redo it'));
  }

  /** Marks a commit (by its stream and first version) as seen by the read models. */
  async markProjected(streamId: string, version: number): Promise<void> {
    const commitId = this.store.settlement.commitOf(streamId, version);
    const own = commitId === undefined ? 'unknown' : this.store.settlement.settle(commitId, 'projected');
    if (own === 'delete') return void (await this.store.pending.deleteOne({ _id: commitId }));
    if (own === 'mark') return void (await this.store.pending.updateOne({ _id: commitId }, { $set: { projected: true } }));
    const settled = await this.store.pending.deleteOne({ streamId, version, published: true });
    if (settled.deletedCount === 0) await this.store.pending.updateOne({ streamId, version }, { $set: { projected: true } });
  }

  async sweep(olderThanMs: number, nowMs: number): Promise<number> {
    const cutoff = new Date(nowMs - olderThanMs);
    const pending = await this.store.pending
      .find({ projected: false, createdAt: { $lt: cutoff } }, { projection: { _id: 1, streamId: 1, lastVersion: 1 } })
      .limit(500)
      .toArray();
    if (pending.length === 0) return 0;
    const existing = await this.store.existing(pending.map((entry) => entry._id));
    for (const entry of pending) {
      if (existing.has(entry._id)) {
        await this.store.repairHead(entry.streamId, entry.lastVersion);
        for (const model of this.models) {
          if (entry.streamId.startsWith(model.definition.streamPrefix)) await model.reproject(entry.streamId);
        }
      }
      await this.store.pending.updateOne({ _id: entry._id }, { $set: { projected: true } });
      this.store.settlement.forget(entry._id);
    }
    await deleteSettled(this.store.pending);
    this.logger.warn({ count: pending.length }, 'projected commits left behind by a crash');
    return pending.length;
  }
}
