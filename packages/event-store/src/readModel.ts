import type { Collection, Db, Document } from 'mongodb';
import type { DomainEvent, EventStore } from './types';
import { fold, type Decider } from './decider';
import { isDuplicateKey } from './mongoEventStore';

/**
 * A read model that keeps, per aggregate, a view of its folded state (a projection). Writes are
 * versioned: a view is only replaced by one of a newer stream version, so concurrent or repeated
 * projection of the same commit is harmless and the model can always be rebuilt from the events.
 */
export interface ReadModelDefinition<Event extends DomainEvent, State, View extends Document> {
  collection: string;
  /** Stream ids of this aggregate start with this prefix (e.g. `user-`). */
  streamPrefix: string;
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>;
  /** The document to store for a state; null removes the view (e.g. nothing to show). */
  toView(streamId: string, state: State): View | null;
}

export type ViewDocument<View> = View & { _id: string; version: number };

export class ReadModel<Event extends DomainEvent, State, View extends Document> {
  readonly views: Collection<ViewDocument<View>>;

  constructor(
    db: Db,
    private readonly store: EventStore,
    readonly definition: ReadModelDefinition<Event, State, View>,
  ) {
    this.views = db.collection<ViewDocument<View>>(definition.collection);
  }

  /** Writes the view of `state` at `version` unless a newer one is already there. */
  async project(streamId: string, state: State, version: number): Promise<void> {
    const view = this.definition.toView(streamId, state);
    const doc = { ...(view ?? {}), _id: streamId, version, deleted: view === null } as unknown as ViewDocument<View>;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const updated = await this.views.replaceOne({ _id: streamId, version: { $lt: version } } as never, doc);
      if (updated.matchedCount === 1) return;
      const existing = await this.views.findOne({ _id: streamId } as never, { projection: { version: 1 } });
      if (existing && existing.version >= version) return;
      try {
        await this.views.insertOne(doc as never);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }

  /**
   * Re-reads one stream and projects it: the catch-up path after a crash. The read is consistent
   * because the same crash may have left the stream head behind its last commit.
   */
  async reproject(streamId: string): Promise<void> {
    const events = await this.store.readStream(streamId, { consistent: true });
    if (events.length === 0) return;
    await this.project(streamId, fold(this.definition.decider, events), events.length);
  }

  /** Drops the model and rebuilds it from every stream of the aggregate. */
  async rebuild(): Promise<number> {
    await this.views.deleteMany({});
    let count = 0;
    for await (const streamId of this.store.streamIds(this.definition.streamPrefix)) {
      await this.reproject(streamId);
      count += 1;
    }
    return count;
  }
}
