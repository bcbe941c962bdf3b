import { testDatabase } from '@qilbee/testkit';
import { MongoEventStore, type CommitDocument } from './mongoEventStore';
import { backfillMarker, HEADS_BACKFILLED, HEADS_LAYOUT, headsCollectionName, shardOf, type StreamHead } from './streamHeads';
import { recordQueries } from './testQueries';

type Database = Awaited<ReturnType<typeof testDatabase>>;

/** A commit as a store written before stream heads holds it (the oldest ones even lack lastVersion). */
function commit(streamId: string, version: number, events: number, legacy = false): CommitDocument {
  const doc: CommitDocument = {
    _id: `${streamId}-${version}`,
    streamId,
    version,
    lastVersion: version + events - 1,
    events: Array.from({ length: events }, (_, i) => ({ eventId: `${streamId}-e${version + i}`, type: 'Incremented', data: { by: 1 }, schemaVersion: 1 })),
    metadata: {},
    recordedAt: new Date(),
  };
  if (legacy) delete (doc as Partial<CommitDocument>).lastVersion;
  return doc;
}

/** Every head of a store, from all the collections its layout spreads them over, by stream id. */
async function allHeads(store: MongoEventStore): Promise<StreamHead[]> {
  const collections = await store.heads.collections();
  const heads = (await Promise.all(collections.map((c) => c.find({}).toArray()))).flat();
  return heads.sort((a, b) => a._id.localeCompare(b._id));
}

/** A store from before heads: commits only, no `event_streams`, no marker. */
async function olderStore(database: Database): Promise<void> {
  await database.db.collection<CommitDocument>('event_commits').insertMany([
    commit('user-1', 1, 2),
    commit('user-1', 3, 1),
    commit('user-2', 1, 1),
    commit('legacy', 1, 3, true),
    commit('legacy', 4, 2, true),
  ]);
}

describe('stream heads backfill for stores created before heads (real server)', () => {
  const databases: Database[] = [];
  async function database(): Promise<Database> {
    const created = await testDatabase('evbackfill');
    databases.push(created);
    return created;
  }
  afterAll(() => Promise.all(databases.map((d) => d.close())));

  it('reads older streams from the commits until the backfill ran, then computes every head once', async () => {
    const db = await database();
    await olderStore(db);
    const before = new MongoEventStore(db.db);
    // No marker yet: a missing head does not mean an empty stream.
    expect((await before.readStream('user-1')).map((e) => e.version)).toEqual([1, 2, 3]);

    const first = new MongoEventStore(db.db);
    const firstScans = recordQueries(first.commits);
    await first.ensureIndexes();
    expect(firstScans.scans()).toHaveLength(1);
    expect(await allHeads(first)).toEqual([{ _id: 'legacy', version: 5 }, { _id: 'user-1', version: 3 }, { _id: 'user-2', version: 1 }]);
    const shards = (await first.heads.collections()).length;
    expect(await db.db.collection('event_store_migrations').findOne({ _id: backfillMarker(shards) as never })).not.toBeNull();

    const second = new MongoEventStore(db.db);
    const secondScans = recordQueries(second.commits);
    await second.ensureIndexes();
    expect(secondScans.queries).toEqual([]);
    expect(await second.heads.backfill(second.commits)).toBeUndefined();
    expect((await second.readStream('legacy')).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect(await second.readStream('user-3')).toEqual([]);
  });

  it('never moves a head back when a writer appends between the backfill scan and its head writes', async () => {
    const db = await database();
    await olderStore(db);
    const writer = new MongoEventStore(db.db);
    const starting = new MongoEventStore(db.db);
    // The scan has read user-1 at version 3; the writer moves it to 4 before the backfill writes heads.
    const userOnesCollection = await starting.heads.collectionFor('user-1');
    const insertMany = userOnesCollection.insertMany.bind(userOnesCollection);
    Object.assign(userOnesCollection, {
      insertMany: async (...args: Parameters<typeof insertMany>) => {
        await writer.append('user-1', 3, [{ type: 'Incremented', data: { by: 1 } }]);
        return insertMany(...args);
      },
    });
    await starting.ensureIndexes();
    expect(await starting.heads.versionOf('user-1')).toBe(4);
    expect(await starting.heads.versionOf('user-2')).toBe(1);
  });

  it('is safe with several instances starting at once while another appends', async () => {
    const db = await database();
    await olderStore(db);
    const writer = new MongoEventStore(db.db);
    const starts = Array.from({ length: 3 }, () => new MongoEventStore(db.db).ensureIndexes());
    const appends = (async () => {
      await writer.append('user-2', 1, [{ type: 'Incremented', data: { by: 1 } }]);
      await writer.append('user-9', 0, [{ type: 'Incremented', data: { by: 1 } }]);
    })();
    await Promise.all([...starts, appends]);
    expect(await allHeads(writer)).toEqual([
      { _id: 'legacy', version: 5 },
      { _id: 'user-1', version: 3 },
      { _id: 'user-2', version: 2 },
      { _id: 'user-9', version: 1 },
    ]);
    // One layout and one backfill marker, however many instances raced to write them.
    expect(await db.db.collection('event_store_migrations').countDocuments({})).toBe(2);
  });

  it('spreads heads over the layout recorded by the first instance, whatever later instances would choose', async () => {
    const db = await database();
    const first = new MongoEventStore(db.db, undefined, { headShards: 4 });
    await first.ensureIndexes();
    const later = new MongoEventStore(db.db, undefined, { headShards: 8 });
    await later.ensureIndexes();
    expect((await later.heads.collections()).length).toBe(4);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) await later.append(id, 0, [{ type: 'Incremented', data: { by: 1 } }]);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const home = db.db.collection(headsCollectionName(4, shardOf(id, 4)));
      expect(await home.findOne({ _id: id as never })).toEqual({ _id: id, version: 1 });
      expect(await first.heads.versionOf(id)).toBe(1);
    }
    expect(await db.db.collection('event_store_migrations').findOne({ _id: HEADS_LAYOUT as never })).toMatchObject({ shards: 4 });
  });

  it('backfills again when a store whose heads are in one collection moves to a spread layout', async () => {
    const db = await database();
    await olderStore(db);
    // As session 2's stores are: one heads collection, backfilled, no layout recorded.
    await db.db.collection('event_streams').insertMany([{ _id: 'user-1' as never, version: 3 }]);
    await db.db.collection('event_store_migrations').insertOne({ _id: HEADS_BACKFILLED as never, completedAt: new Date() });
    const store = new MongoEventStore(db.db, undefined, { headShards: 4 });
    const scans = recordQueries(store.commits);
    await store.ensureIndexes();
    expect(scans.scans()).toHaveLength(1);
    expect(await allHeads(store)).toEqual([{ _id: 'legacy', version: 5 }, { _id: 'user-1', version: 3 }, { _id: 'user-2', version: 1 }]);
    expect((await store.readStream('legacy')).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps an existing single-collection store on its layout unless told otherwise (older instances may still write there)', async () => {
    const db = await database();
    await olderStore(db);
    await db.db.collection('event_streams').insertMany([{ _id: 'user-1' as never, version: 3 }]);
    await db.db.collection('event_store_migrations').insertOne({ _id: HEADS_BACKFILLED as never, completedAt: new Date() });
    const store = new MongoEventStore(db.db);
    const scans = recordQueries(store.commits);
    await store.ensureIndexes();
    expect(scans.queries).toEqual([]);
    expect((await store.heads.collections()).map((c) => c.collectionName)).toEqual(['event_streams']);
    expect(await store.heads.versionOf('user-1')).toBe(3);
  });

  it('keeps the single-collection layout (and its backfill) for a store that has one and chooses one', async () => {
    const db = await database();
    await olderStore(db);
    await new MongoEventStore(db.db, undefined, { headShards: 1 }).ensureIndexes();
    const again = new MongoEventStore(db.db, undefined, { headShards: 1 });
    const scans = recordQueries(again.commits);
    await again.ensureIndexes();
    expect(scans.queries).toEqual([]);
    expect((await again.heads.collections()).map((c) => c.collectionName)).toEqual(['event_streams']);
    expect(await again.heads.versionOf('user-1')).toBe(3);
  });

  it('marks an empty (new) database as backfilled, so new streams are answered from heads at once', async () => {
    const db = await database();
    const store = new MongoEventStore(db.db);
    await store.ensureIndexes();
    const scans = recordQueries(store.commits);
    expect(await store.readStream('brand-new')).toEqual([]);
    expect(scans.queries).toEqual([]);
  });
});
