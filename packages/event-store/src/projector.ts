import type { Collection } from 'mongodb';
import type { Logger } from '@qilbee/logger';
import type { CommitDocument } from './mongoEventStore';

export interface Reprojectable {
  definition: { streamPrefix: string };
  reproject(streamId: string): Promise<void>;
}

/**
 * Command handlers project inline (read-your-writes). This sweeper is the safety net: commits
 * still marked unprojected after a grace period (the process died between append and projection)
 * are projected again from their stream, then marked.
 */
export class ProjectionSweeper {
  constructor(
    private readonly commits: Collection<CommitDocument>,
    private readonly models: Reprojectable[],
    private readonly logger: Logger,
  ) {}

  /** Marks a commit as seen by the read models (called right after an inline projection). */
  async markProjected(commitStreamId: string, version: number): Promise<void> {
    await this.commits.updateOne({ streamId: commitStreamId, version }, { $set: { projected: true } });
  }

  async sweep(olderThanMs: number, nowMs: number): Promise<number> {
    const cutoff = new Date(nowMs - olderThanMs);
    const pending = await this.commits
      .find({ projected: false, recordedAt: { $lt: cutoff } }, { projection: { _id: 1, streamId: 1 } })
      .limit(500)
      .toArray();
    for (const commit of pending) {
      for (const model of this.models) {
        if (commit.streamId.startsWith(model.definition.streamPrefix)) await model.reproject(commit.streamId);
      }
      await this.commits.updateOne({ _id: commit._id }, { $set: { projected: true } });
    }
    if (pending.length > 0) this.logger.warn({ count: pending.length }, 'projected commits left behind by a crash');
    return pending.length;
  }
}
