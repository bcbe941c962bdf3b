import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { isDuplicateKey } from './duplicateKey';
import type { CommitDocument } from './mongoEventStore';

/** The last version of one stream, keyed by stream id so it is read and written by `_id` only. */
export interface StreamHead {
  _id: string;
  version: number;
}

interface MigrationMarker {
  _id: string;
  completedAt: Date;
}

export const HEADS_COLLECTION = 'event_streams';
export const MIGRATIONS_COLLECTION = 'event_store_migrations';
/** Present once every stream committed before heads existed has its head. */
export const HEADS_BACKFILLED = 'stream-heads-backfilled';

const CHUNK = 1000;

/**
 * Stream heads (`event_streams`): the version of each stream, so that a reader learns whether a
 * stream exists and how long it is with one `_id` lookup instead of a query on `event_commits`.
 * MongoDB answers that from the `_id` index. FerretDB 1.24 on SQLite pushes only `_id` equality
 * down to SQLite, where it is still a scan of the table (explain: SCAN), but ~2 us per tiny head
 * against ~20 us per commit that FerretDB must decode for any other filter; so a head lookup
 * costs about 20 ms per 10,000 streams there (a miss always scans them all).
 *
 * A head is advanced with `$max` after its commit is durable, so concurrent and out-of-order
 * writers never move it back; it can only lag (between a commit and its head write, or for good
 * if the writer dies in between). The unique (streamId, version) index on commits, not the head,
 * is what keeps commands correct: see MongoEventStore.readStream.
 */
export class StreamHeads {
  readonly collection: Collection<StreamHead>;
  private readonly migrations: Collection<MigrationMarker>;
  private backfilled = false;

  constructor(db: Db) {
    this.collection = db.collection<StreamHead>(HEADS_COLLECTION);
    this.migrations = db.collection<MigrationMarker>(MIGRATIONS_COLLECTION);
  }

  async versionOf(streamId: string): Promise<number | undefined> {
    const head = await this.collection.findOne({ _id: streamId });
    return head?.version;
  }

  /**
   * The head of a stream whose first commit was just made. A plain insert: on FerretDB it costs
   * well under half of an upsert (which first looks the document up). Someone may have written it
   * already from that commit (a repair), so a duplicate falls back to raising it.
   */
  async create(streamId: string, version: number): Promise<void> {
    try {
      await this.collection.insertOne({ _id: streamId, version });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.advance(streamId, version);
    }
  }

  /** Raises the head to `version` unless it is already there or beyond. */
  async advance(streamId: string, version: number): Promise<void> {
    try {
      await this.collection.updateOne({ _id: streamId }, { $max: { version } }, { upsert: true });
    } catch (error) {
      // Two first writers of one stream both tried to insert the head: the document exists now.
      if (!isDuplicateKey(error)) throw error;
      await this.collection.updateOne({ _id: streamId }, { $max: { version } });
    }
  }

  /**
   * Whether a missing head means an empty stream. Until the backfill has run (on this database,
   * by any instance) streams older than the heads have none, so readers must not trust them.
   * Only a positive answer is remembered: it can never become false again.
   */
  async trusted(): Promise<boolean> {
    if (this.backfilled) return true;
    this.backfilled = (await this.migrations.findOne({ _id: HEADS_BACKFILLED })) !== null;
    return this.backfilled;
  }

  /**
   * One-time backfill for stores created before heads existed: one scan of the commits, then the
   * marker. Idempotent and safe with several instances starting at once: every write is a `$max`
   * (or an insert of a head nobody wrote yet), and the marker is only written after all heads.
   * Returns the number of streams found, or undefined when the marker says it already ran.
   */
  async backfill(commits: Collection<CommitDocument>): Promise<number | undefined> {
    if (await this.trusted()) return undefined;
    const heads = await lastVersions(commits);
    const entries = [...heads.entries()];
    for (let i = 0; i < entries.length; i += CHUNK) {
      await this.insertOrRaise(entries.slice(i, i + CHUNK).map(([_id, version]) => ({ _id, version })));
    }
    await this.migrations.updateOne({ _id: HEADS_BACKFILLED }, { $setOnInsert: { completedAt: new Date() } }, { upsert: true });
    this.backfilled = true;
    return heads.size;
  }

  /** Inserts heads in one call; those another writer created meanwhile are raised one by one. */
  private async insertOrRaise(heads: StreamHead[]): Promise<void> {
    try {
      await this.collection.insertMany(heads, { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (writeErrors.some((e) => e.code !== 11000)) throw error;
      for (const e of writeErrors) {
        const head = heads[e.index];
        if (head) await this.advance(head._id, head.version);
      }
    }
  }
}

/** The last version of every stream in the commit log (one scan). */
async function lastVersions(commits: Collection<CommitDocument>): Promise<Map<string, number>> {
  const heads = new Map<string, number>();
  // Event ids only for their count: commits written before `lastVersion` existed need it.
  const cursor = commits.find({}, { projection: { _id: 0, streamId: 1, version: 1, lastVersion: 1, 'events.eventId': 1 } });
  for await (const doc of cursor) {
    const last = typeof doc.lastVersion === 'number' ? doc.lastVersion : doc.version + doc.events.length - 1;
    heads.set(doc.streamId, Math.max(heads.get(doc.streamId) ?? 0, last));
  }
  return heads;
}
