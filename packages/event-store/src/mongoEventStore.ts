import { EventEmitter } from 'node:events';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { uuidv7, type Clock, systemClock } from '@qilbee/kernel';
import { PENDING_SUFFIX, type PendingCommit } from './pendingCommits';
import { ConcurrencyError, type AppendOptions, type AppendResult, type DomainEvent, type EventStore, type StoredEvent } from './types';

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

export interface MongoEventStoreOptions {
  /** False when no read model follows this store: pending entries then only wait for the relay. */
  projections?: boolean;
}

export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoServerError) return error.code === 11000;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Lets the relay and sweeper built from `store.commits` find their store (and its pending work). */
const storesByCommits = new WeakMap<Collection<CommitDocument>, MongoEventStore>();

export function storeOf(commits: Collection<CommitDocument>): MongoEventStore {
  const store = storesByCommits.get(commits);
  if (!store) throw new Error('commits collection does not belong to a MongoEventStore');
  return store;
}

export class MongoEventStore implements EventStore {
  readonly commits: Collection<CommitDocument>;
  readonly pending: Collection<PendingCommit>;
  /** Emits 'committed' (commitId, publications) after a commit is durable, for the in-process relay. */
  readonly notifications = new EventEmitter();
  private readonly projections: boolean;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
    options: MongoEventStoreOptions = {},
  ) {
    this.commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
    this.pending = db.collection<PendingCommit>(`${COMMITS_COLLECTION}${PENDING_SUFFIX}`);
    this.projections = options.projections ?? true;
    this.notifications.setMaxListeners(100);
    storesByCommits.set(this.commits, this);
  }

  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex({ streamId: 1, version: 1 }, { unique: true, name: 'stream_version_unique' });
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
    await this.pending.insertOne({
      _id: commitId,
      streamId,
      version: expectedVersion + 1,
      lastVersion,
      outbox,
      published: outbox.length === 0,
      projected: !this.projections,
      createdAt: new Date(nowMs),
    });
    try {
      await this.commits.insertOne({
        _id: commitId,
        streamId,
        version: expectedVersion + 1,
        lastVersion,
        events: stored.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, schemaVersion: e.schemaVersion })),
        metadata: options.metadata ?? {},
        recordedAt: new Date(nowMs),
      });
    } catch (error) {
      // The commit did not happen: its pending work must not either (the relay also checks).
      await this.pending.deleteOne({ _id: commitId }).catch(() => undefined);
      if (isDuplicateKey(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
    this.notifications.emit('committed', commitId, outbox);
    return { version: lastVersion, events: stored };
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const docs = await this.commits.find({ streamId }).sort({ version: 1 }).toArray();
    return docs.flatMap(toStoredEvents);
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
