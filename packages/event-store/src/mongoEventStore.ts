import { MongoServerError, type Collection, type Db } from 'mongodb';
import { uuidv7, type Clock, systemClock } from '@qilbee/kernel';
import {
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type DomainEvent,
  type EventStore,
  type Publication,
  type StoredEvent,
} from './types';

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
  outbox: Publication[];
  /** False until every publication was acknowledged by Kafka (the relay flips it). */
  published: boolean;
  /** False until the read models saw this commit (the projector flips it). */
  projected: boolean;
}

export const COMMITS_COLLECTION = 'event_commits';

export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoServerError) return error.code === 11000;
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

export class MongoEventStore implements EventStore {
  readonly commits: Collection<CommitDocument>;

  constructor(
    db: Db,
    private readonly clock: Clock = systemClock,
  ) {
    this.commits = db.collection<CommitDocument>(COMMITS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.commits.createIndex({ streamId: 1, version: 1 }, { unique: true, name: 'stream_version_unique' });
    await this.commits.createIndex({ published: 1, _id: 1 }, { name: 'outbox_pending' });
    await this.commits.createIndex({ projected: 1, _id: 1 }, { name: 'projection_pending' });
  }

  async append(streamId: string, expectedVersion: number, events: DomainEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return { version: expectedVersion, events: [] };
    const nowMs = this.clock.nowMs();
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
    const doc: CommitDocument = {
      _id: uuidv7(nowMs),
      streamId,
      version: expectedVersion + 1,
      lastVersion: expectedVersion + events.length,
      events: stored.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, schemaVersion: e.schemaVersion })),
      metadata: options.metadata ?? {},
      recordedAt: new Date(nowMs),
      outbox,
      published: outbox.length === 0,
      projected: false,
    };
    try {
      await this.commits.insertOne(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
    return { version: doc.lastVersion, events: stored };
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
