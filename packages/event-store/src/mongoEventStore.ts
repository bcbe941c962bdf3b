import { EventEmitter } from 'node:events';
import { BSON, type Collection, type Db } from 'mongodb';
import { uuidv7, type Clock, systemClock } from '@qilbee/kernel';
import { isDuplicateKey } from './duplicateKey';
import { certainlyNotWritten, GroupInsert } from './groupInsert';
import { PENDING_SUFFIX, PendingSettlement, type PendingCommit } from './pendingCommits';
import { StreamCache, type CachedStream } from './streamCache';
import { StreamHeads } from './streamHeads';
import { ConcurrencyError, type AppendOptions, type AppendResult, type DomainEvent, type EventStore, type ReadOptions, type StoredEvent } from './types';

export { isDuplicateKey };

/**
 * One document per append ("commit"). Uniqueness of (streamId, version) on the commit's first
 * version is what makes appends optimistic: two writers that read the same version collide there,
 * and a single-document insert needs no transaction to be all-or-nothing.
 */
export interface CommitDocument {
  _id: string;
  streamId: string;
  version: number;
  lastVersion: number;
  events: Array<{ eventId: string; type: string; data: unknown; schemaVersion: number }>;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

export const COMMITS_COLLECTION = 'event_commits';
export const DEFAULT_CACHED_STREAMS = 10_000;

export interface MongoEventStoreOptions {
  /** False when no read model follows this store: pending entries then only wait for the relay. */
  projections?: boolean;
  /** Streams kept in memory, least recently used evicted first (0 turns the cache off). */
  cachedStreams?: number;
  /** How many collections a new database spreads its stream heads over (see StreamHeads). */
  headShards?: number;
}

/** Lets the relay and sweeper built from `store.commits` find their store (and its pending work). */
const storesByCommits = new WeakMap<Collection<CommitDocument>, MongoEventStore>();

export function storeOf(commits: Collection<CommitDocument>): MongoEventStore {
  const store = storesByCommits.get(commits);
  if (!store) throw new Error('commits collection does not belong to a MongoEventStore');
  return store;
}

/**
 * Reads without scanning the commit log: the heads (`event_streams*`, see StreamHeads) hold each
 * stream's last version, read by `_id`; this process caches streams it read or wrote. A stream
 * with no head is empty (no read of `event_commits` at all); a cached stream at its head's version
 * is served from memory; otherwise the commits (after the cached prefix) are read and the cache
 * refreshed.
 *
 * Consistency bound. A head is written right after its commit, so it only lags if the writer died
 * in between (or the head write failed). The one exception is a fresh stream (`freshStream`: an
 * id its caller just made up), whose head goes alongside its first commit and so may briefly be
 * ahead of it, or stay ahead of an empty stream if that commit fails: a head ahead of the
 * commits only ever makes a reader read the commits, never trust its cache.
 *
 * Commands stay exact regardless: an append decided on a stale read targets a version that is
 * already taken, the unique (streamId, version) index turns it into a ConcurrencyError, the cache
 * entry is dropped, and `handleCommand` retries with `{ consistent: true }`, which reads
 * `event_commits` itself and repairs the head. A pure read
 * (one not followed by an append, which includes a command whose decider refuses or decides
 * nothing) may miss only the commits whose writer died before writing the head, until the next
 * appending command on that stream, the ProjectionSweeper (it raises the heads of the unprojected
 * commits it finds after its grace period) or any read that finds more commits than the head.
 */
export class MongoEventStore implements EventStore {
  readonly commits: Collection<CommitDocument>;
  readonly pending: Collection<PendingCommit>;
  /** This process's own commits' pending work: one `_id` write per half instead of two queries. */
  readonly settlement = new PendingSettlement();
  readonly heads: StreamHeads;
  /** Emits 'committed' (commitId, publications) after a commit is durable, for the in-process relay. */
  readonly notifications = new EventEmitter();
  private readonly projections: boolean;
  private readonly cache: StreamCache;
  /** Concurrent appends share their round trips (see GroupInsert); a lone append is unchanged. */
  private readonly pendingInserts: GroupInsert<PendingCommit>;
  private readonly commitInserts: GroupInsert<CommitDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
    options: MongoEventStoreOptions = {},
  ) {
    this.commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
    this.pending = db.collection<PendingCommit>(`${COMMITS_COLLECTION}${PENDING_SUFFIX}`);
    this.pendingInserts = new GroupInsert(this.pending);
    this.commitInserts = new GroupInsert(this.commits);
    this.heads = new StreamHeads(db, options.headShards === undefined ? {} : { shards: options.headShards });
    this.projections = options.projections ?? true;
    this.cache = new StreamCache(options.cachedStreams ?? DEFAULT_CACHED_STREAMS);
    this.notifications.setMaxListeners(100);
    storesByCommits.set(this.commits, this);
  }

  /** Creates the unique index and, once per database, backfills the heads of older streams. */
  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex({ streamId: 1, version: 1 }, { unique: true, name: 'stream_version_unique' });
    await this.heads.backfill(this.commits);
  }

  async append(streamId: string, expectedVersion: number, events: DomainEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return { version: expectedVersion, events: [] };
    const nowMs = this.clock.nowMs();
    const commitId = uuidv7(nowMs);
    const stored: StoredEvent[] = events.map((event, index) => ({
      eventId: uuidv7(nowMs),
      streamId,
      version: expectedVersion + index + 1,
      type: event.type,
      data: event.data,
      schemaVersion: 1,
      metadata: options.metadata ?? {},
      recordedAtMs: nowMs,
    }));
    const outbox = options.publications ?? [];
    const lastVersion = expectedVersion + events.length;
    await this.pendingInserts.insert({
      _id: commitId,
      streamId,
      version: expectedVersion + 1,
      lastVersion,
      outbox,
      published: outbox.length === 0,
      projected: !this.projections,
      createdAt: new Date(nowMs),
    });
    this.settlement.track(commitId, streamId, expectedVersion + 1, { published: outbox.length === 0, projected: !this.projections });
    const commit: CommitDocument = {
      _id: commitId,
      streamId,
      version: expectedVersion + 1,
      lastVersion,
      events: stored.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, schemaVersion: e.schemaVersion })),
      metadata: options.metadata ?? {},
      recordedAt: new Date(nowMs),
    };
    // The commit is durable before this resolves, so the append succeeded whatever happens to the
    // head: reporting a failure here would make callers decide (and append) a second time. A
    // lagging head is repaired by the next read in this process (its cache is ahead of the head)
    // or by the next command.
    const writeHead = () => (expectedVersion === 0 ? this.heads.create(streamId, lastVersion) : this.heads.advance(streamId, lastVersion)).catch(() => undefined);
    const headAlongside = options.freshStream && expectedVersion === 0 ? writeHead() : undefined;
    try {
      await this.commitInserts.insert(commit);
    } catch (error) {
      this.settlement.forget(commitId);
      // Whatever this process knew of the stream may be behind it: forget it, the next read is afresh.
      this.cache.delete(streamId);
      if (certainlyNotWritten(error)) {
        // The commit did not happen: nor must its pending work (the relay also checks).
        await this.pending.deleteOne({ _id: commitId }).catch(() => undefined);
        if (isDuplicateKey(error)) throw new ConcurrencyError(streamId, expectedVersion);
        throw error;
      }
      // Any other failure (a lost connection) leaves it unknown whether the commit was written.
      // The pending entry stays: the relay and the sweeper act on it if the commit exists and
      // drop it once it has been missing for their grace period, so a commit that was written
      // after all is still relayed and projected.
      throw error;
    }
    this.remember(streamId, expectedVersion, commit);
    await (headAlongside ?? writeHead());
    this.notifications.emit('committed', commitId, outbox);
    return { version: lastVersion, events: stored };
  }

  async readStream(streamId: string, options: ReadOptions = {}): Promise<StoredEvent[]> {
    if (options.consistent || !(await this.heads.trusted())) return this.readConsistent(streamId);
    const head = await this.heads.versionOf(streamId);
    const cached = this.cache.get(streamId);
    if (cached && cached.version >= (head ?? 0)) {
      // Ahead of the head: this process's own append whose head write is in flight or failed.
      if (cached.version > (head ?? 0)) await this.heads.advance(streamId, cached.version);
      return copyOf(cached.events);
    }
    if (head === undefined) return [];
    return this.readCommits(streamId, head, cached);
  }

  /** Repairs a head from a commit known to exist (the sweeper calls it for crash leftovers). */
  async repairHead(streamId: string, lastVersion: number): Promise<void> {
    await this.heads.advance(streamId, lastVersion);
  }

  async *streamIds(prefix?: string): AsyncIterable<string> {
    const filter = prefix ? { streamId: { $regex: `^${escapeRegex(prefix)}` }, version: 1 } : { version: 1 };
    const cursor = this.commits.find(filter, { projection: { streamId: 1 } }).sort({ _id: 1 });
    for await (const doc of cursor) yield doc.streamId;
  }

  /** Which of these commits exist (a commit whose pending entry exists may still be in flight). */
  async existing(commitIds: string[]): Promise<Set<string>> {
    if (commitIds.length === 0) return new Set();
    const found = await this.commits.find({ _id: { $in: commitIds } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((doc) => doc._id));
  }

  /** The authoritative read: every commit of the stream, ignoring the head and the cache. */
  private async readConsistent(streamId: string): Promise<StoredEvent[]> {
    const [head, docs] = await Promise.all([this.heads.versionOf(streamId), this.commits.find({ streamId }).sort({ version: 1 }).toArray()]);
    return this.settle(streamId, head, docs.flatMap(toStoredEvents));
  }

  /** Reads the commits after the cached prefix (all of them without one); the head says there are some. */
  private async readCommits(streamId: string, head: number, cached: CachedStream | undefined): Promise<StoredEvent[]> {
    const filter = cached ? { streamId, version: { $gt: cached.version } } : { streamId };
    const docs = await this.commits.find(filter).sort({ version: 1 }).toArray();
    const events = [...(cached?.events ?? []), ...docs.flatMap(toStoredEvents)];
    // A prefix that does not join up with what follows cannot be trusted: read it all.
    if (cached && !events.every((event, index) => event.version === index + 1)) return this.readConsistent(streamId);
    return this.settle(streamId, head, events);
  }

  /** Caches what was read and raises the head when the commits showed it lagging. */
  private async settle(streamId: string, head: number | undefined, events: StoredEvent[]): Promise<StoredEvent[]> {
    this.cache.offer(streamId, { version: events.length, events });
    if (events.length > (head ?? 0)) await this.heads.advance(streamId, events.length);
    return copyOf(events);
  }

  /** Extends the cached stream by this process's own durable commit, when the cache held its prefix. */
  private remember(streamId: string, expectedVersion: number, commit: CommitDocument): void {
    const prefix = expectedVersion === 0 ? { version: 0, events: [] } : this.cache.get(streamId);
    if (prefix?.version !== expectedVersion) return;
    // Exactly what a read would return (undefined stored as null, data copied from the caller's).
    const asStored = BSON.deserialize(BSON.serialize(commit, this.commits.bsonOptions), this.commits.bsonOptions) as CommitDocument;
    this.cache.offer(streamId, { version: commit.lastVersion, events: [...prefix.events, ...toStoredEvents(asStored)] });
  }
}

/**
 * Callers get their own objects, as from a fresh read: nothing they do to an event can alter the
 * cache. Event data is plain data (what deciders return; the in-memory twin clones it the same way).
 */
function copyOf(events: StoredEvent[]): StoredEvent[] {
  return structuredClone(events);
}

export function toStoredEvents(doc: CommitDocument): StoredEvent[] {
  return doc.events.map((event, index) => ({
    eventId: event.eventId,
    streamId: doc.streamId,
    version: doc.version + index,
    type: event.type,
    data: event.data,
    schemaVersion: event.schemaVersion,
    metadata: doc.metadata,
    recordedAtMs: doc.recordedAt.getTime(),
  }));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
