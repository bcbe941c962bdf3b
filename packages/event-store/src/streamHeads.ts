import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { isDuplicateKey } from './duplicateKey';
import { GroupInsert } from './groupInsert';
import type { CommitDocument } from './mongoEventStore';

/** The last version of one stream, keyed by stream id so it is read and written by `_id` only. */
export interface StreamHead {
  _id: string;
  version: number;
}

interface MigrationMarker {
  _id: string;
  completedAt: Date;
  shards?: number;
}

export const HEADS_COLLECTION = 'event_streams';
export const MIGRATIONS_COLLECTION = 'event_store_migrations';
/** Records how many collections the heads of this database are spread over (fixed once written). */
export const HEADS_LAYOUT = 'stream-heads-layout';
/** Present once every stream committed before heads existed has its head (one collection). */
export const HEADS_BACKFILLED = 'stream-heads-backfilled';
/** Heads spread over this many collections on a new FerretDB database (one on MongoDB). */
export const FERRETDB_HEAD_SHARDS = 32;
const MAX_SHARDS = 1024;

const CHUNK = 1000;

/** The backfill marker of a layout (the single-collection layout keeps the original one). */
export function backfillMarker(shards: number): string {
  return shards === 1 ? HEADS_BACKFILLED : `${HEADS_BACKFILLED}-${shards}`;
}

/** Shard `index`'s collection: `event_streams` alone, else `event_streams_00` ... */
export function headsCollectionName(shards: number, index: number): string {
  return shards === 1 ? HEADS_COLLECTION : `${HEADS_COLLECTION}_${String(index).padStart(2, '0')}`;
}

/** Which shard holds a stream's head: FNV-1a over the id's UTF-16 code units. Part of the storage format. */
export function shardOf(streamId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i += 1) {
    hash ^= streamId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}

export interface StreamHeadsOptions {
  /** How many collections a NEW database spreads its heads over (default: 1 on MongoDB, 32 on FerretDB). */
  shards?: number;
}

/**
 * Stream heads: the version of each stream, so that a reader learns whether a stream exists and
 * how long it is with one `_id` lookup instead of a query on `event_commits`. MongoDB answers that
 * from the `_id` index. FerretDB 1.24 on SQLite pushes only `_id` equality down to SQLite, where it
 * is still a scan of the table (explain: SCAN), ~2 us per head, so one collection of 10,000 heads
 * costs 20 ms per lookup (a miss always scans them all). There the heads of a new database are
 * spread over 32 collections by a hash of the stream id, and a lookup scans one of them. The
 * layout is chosen once and recorded (`stream-heads-layout`); every instance then uses the
 * recorded one, whatever it would have chosen. A store that already has its heads in one
 * collection keeps that layout (see docs/operations.md to move it while every instance is down).
 *
 * A head is advanced with `$max` after its commit is durable, so concurrent and out-of-order
 * writers never move it back; it can only lag (between a commit and its head write, or for good
 * if the writer dies in between). The unique (streamId, version) index on commits, not the head,
 * is what keeps commands correct: see MongoEventStore.readStream.
 */
export class StreamHeads {
  private readonly migrations: Collection<MigrationMarker>;
  private layout: Promise<Array<Collection<StreamHead>>> | undefined;
  /** New heads of concurrent first commits share round trips, per collection. */
  private readonly inserts = new Map<string, GroupInsert<StreamHead>>();
  private backfilled = false;

  constructor(
    private readonly db: Db,
    private readonly options: StreamHeadsOptions = {},
  ) {
    this.migrations = db.collection<MigrationMarker>(MIGRATIONS_COLLECTION);
  }

  /** The collections holding the heads, in shard order, once this database's layout is known. */
  collections(): Promise<Array<Collection<StreamHead>>> {
    this.layout ??= this.resolveLayout().catch((error: unknown) => {
      this.layout = undefined;
      throw error;
    });
    return this.layout;
  }

  /** The collection holding this stream's head. */
  async collectionFor(streamId: string): Promise<Collection<StreamHead>> {
    const all = await this.collections();
    return all[shardOf(streamId, all.length)] as Collection<StreamHead>;
  }

  async versionOf(streamId: string): Promise<number | undefined> {
    const head = await (await this.collectionFor(streamId)).findOne({ _id: streamId });
    return head?.version;
  }

  /**
   * The head of a stream whose first commit was just made. A plain insert: on FerretDB it costs
   * well under half of an upsert (which first looks the document up). Someone may have written it
   * already from that commit (a repair), so a duplicate falls back to raising it.
   */
  async create(streamId: string, version: number): Promise<void> {
    try {
      await this.insertsInto(await this.collectionFor(streamId)).insert({ _id: streamId, version });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.advance(streamId, version);
    }
  }

  private insertsInto(collection: Collection<StreamHead>): GroupInsert<StreamHead> {
    let inserts = this.inserts.get(collection.collectionName);
    if (!inserts) {
      inserts = new GroupInsert(collection);
      this.inserts.set(collection.collectionName, inserts);
    }
    return inserts;
  }

  /** Raises the head to `version` unless it is already there or beyond. */
  async advance(streamId: string, version: number): Promise<void> {
    const collection = await this.collectionFor(streamId);
    try {
      await collection.updateOne({ _id: streamId }, { $max: { version } }, { upsert: true });
    } catch (error) {
      // Two first writers of one stream both tried to insert the head: the document exists now.
      if (!isDuplicateKey(error)) throw error;
      await collection.updateOne({ _id: streamId }, { $max: { version } });
    }
  }

  /**
   * Whether a missing head means an empty stream. Until the backfill has run (on this database,
   * by any instance) streams older than the heads have none, so readers must not trust them.
   * Only a positive answer is remembered: it can never become false again.
   */
  async trusted(): Promise<boolean> {
    if (this.backfilled) return true;
    const shards = (await this.collections()).length;
    this.backfilled = (await this.migrations.findOne({ _id: backfillMarker(shards) })) !== null;
    return this.backfilled;
  }

  /**
   * One-time backfill for stores whose heads are missing (created before heads, or before this
   * layout): one scan of the commits, then the marker. Idempotent and safe with several
   * instances starting at once: every write is a `$max` (or an insert of a head nobody wrote
   * yet), and the marker is only written after all heads.
   * Returns the number of streams found, or undefined when the marker says it already ran.
   */
  async backfill(commits: Collection<CommitDocument>): Promise<number | undefined> {
    if (await this.trusted()) return undefined;
    const collections = await this.collections();
    const byShard = collections.map((): StreamHead[] => []);
    const heads = await lastVersions(commits);
    for (const [_id, version] of heads) byShard[shardOf(_id, collections.length)]?.push({ _id, version });
    for (const [index, shard] of byShard.entries()) {
      const collection = collections[index] as Collection<StreamHead>;
      for (let i = 0; i < shard.length; i += CHUNK) await this.insertOrRaise(collection, shard.slice(i, i + CHUNK));
    }
    await this.mark(backfillMarker(collections.length), {});
    this.backfilled = true;
    return heads.size;
  }

  /** The recorded layout, or the one this instance chooses, recorded unless another won the race. */
  private async resolveLayout(): Promise<Array<Collection<StreamHead>>> {
    let recorded = await this.migrations.findOne({ _id: HEADS_LAYOUT });
    if (!recorded) {
      // A store whose heads are already in one collection keeps them there: instances of an
      // earlier version, still running during an upgrade, write heads only to that collection.
      const singleBefore = (await this.migrations.findOne({ _id: HEADS_BACKFILLED })) !== null;
      const chosen = this.options.shards ?? (singleBefore ? 1 : (await isFerretDb(this.db)) ? FERRETDB_HEAD_SHARDS : 1);
      await this.mark(HEADS_LAYOUT, { shards: chosen });
      recorded = await this.migrations.findOne({ _id: HEADS_LAYOUT });
    }
    const shards = recorded?.shards;
    if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
      throw new Error(`${MIGRATIONS_COLLECTION}.${HEADS_LAYOUT} holds no valid shard count: ${JSON.stringify(recorded)}`);
    }
    return Array.from({ length: shards }, (_, index) => this.db.collection<StreamHead>(headsCollectionName(shards, index)));
  }

  /** Writes a marker once; a concurrent writer of the same marker wins without an error. */
  private async mark(id: string, fields: { shards?: number }): Promise<void> {
    try {
      await this.migrations.updateOne({ _id: id }, { $setOnInsert: { completedAt: new Date(), ...fields } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Inserts heads in one call; those another writer created meanwhile are raised one by one. */
  private async insertOrRaise(collection: Collection<StreamHead>, heads: StreamHead[]): Promise<void> {
    try {
      await collection.insertMany(heads, { ordered: false });
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
