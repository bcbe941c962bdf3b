import { uuidv7, type Clock, systemClock } from '@qilbee/kernel';
import { ConcurrencyError, type AppendOptions, type AppendResult, type DomainEvent, type EventStore, type Publication, type ReadOptions, type StoredEvent } from './types';

/** The in-memory twin of the event store, for specs and application tests without a server. */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, StoredEvent[]>();
  readonly outbox: Publication[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  async append(streamId: string, expectedVersion: number, events: DomainEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion);
    const nowMs = this.clock.nowMs();
    const stored = events.map((event, index) => ({
      eventId: uuidv7(nowMs),
      streamId,
      version: expectedVersion + index + 1,
      type: event.type,
      data: structuredClone(event.data),
      schemaVersion: 1,
      metadata: options.metadata ?? {},
      recordedAtMs: nowMs,
    }));
    this.streams.set(streamId, [...stream, ...stored]);
    this.outbox.push(...(options.publications ?? []));
    return { version: expectedVersion + events.length, events: stored };
  }

  /** Always consistent: there is nothing here that could be stale. */
  async readStream(streamId: string, _options?: ReadOptions): Promise<StoredEvent[]> {
    return [...(this.streams.get(streamId) ?? [])];
  }

  async *streamIds(prefix?: string): AsyncIterable<string> {
    for (const id of this.streams.keys()) if (!prefix || id.startsWith(prefix)) yield id;
  }
}
