/** A domain event as deciders produce it: a past-tense literal type and its data. */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

/** Who caused a commit and from where; carried into public events. */
export interface EventMetadata {
  requestId?: string;
  actorUserId?: string;
  actorUsername?: string;
  ipAddress?: string;
  userAgent?: string;
  [key: string]: unknown;
}

/** A record for Kafka, already in its public shape (secrets removed), waiting in the outbox. */
export interface Publication {
  topic: string;
  key: string;
  /** The serialised CloudEvent; its `id` is what consumers dedupe on. */
  value: string;
  eventId: string;
}

export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  streamId: string;
  version: number;
  type: E['type'];
  data: E['data'];
  schemaVersion: number;
  metadata: EventMetadata;
  recordedAtMs: number;
}

export interface AppendOptions {
  metadata?: EventMetadata;
  /** Public records to relay to Kafka once this append is durable. */
  publications?: Publication[];
  /**
   * The caller just made this stream id up (a fresh uuidv7) and appends at version 0, so no one
   * else can be writing it: its head is written alongside the commit instead of after it. Should
   * the commit fail, the head of a stream that stays empty is left behind; readers treat a head
   * ahead of the commits as "read the commits", so they still see an empty stream.
   */
  freshStream?: boolean;
}

export interface AppendResult {
  /** The stream's version after the append. */
  version: number;
  events: StoredEvent[];
}

export interface ReadOptions {
  /**
   * Read the committed history itself, bypassing anything kept to avoid that read (stream heads,
   * caches). `handleCommand` asks for it after a ConcurrencyError, when the fast path was stale.
   */
  consistent?: boolean;
}

/** Raised when the stream moved since it was read: the caller re-reads and decides again. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is not at version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}

/**
 * Append-only event streams with optimistic concurrency. An append is atomic: all its events are
 * stored, or none (one commit document), and its publications are stored with it (the outbox).
 */
export interface EventStore {
  append(streamId: string, expectedVersion: number, events: DomainEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadOptions): Promise<StoredEvent[]>;
  /** Every stream id, for rebuilding projections from scratch. */
  streamIds(prefix?: string): AsyncIterable<string>;
}
