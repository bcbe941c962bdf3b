import { testDatabase } from '@qilbee/testkit';
import { MongoEventStore, type CommitDocument } from './mongoEventStore';
import { HEADS_BACKFILLED } from './streamHeads';
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
    const heads = await first.heads.collection.find({}).sort({ _id: 1 }).toArray();
    expect(heads).toEqual([{ _id: 'legacy', version: 5 }, { _id: 'user-1', version: 3 }, { _id: 'user-2', version: 1 }]);
    expect(await db.db.collection('event_store_migrations').findOne({ _id: HEADS_BACKFILLED as never })).not.toBeNull();

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
    const insertMany = starting.heads.collection.insertMany.bind(starting.heads.collection);
    // The scan has read user-1 at version 3; the writer moves it to 4 before the backfill writes heads.
    Object.assign(starting.heads.collection, {
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
    const heads = await writer.heads.collection.find({}).sort({ _id: 1 }).toArray();
    expect(heads).toEqual([
      { _id: 'legacy', version: 5 },
      { _id: 'user-1', version: 3 },
      { _id: 'user-2', version: 2 },
      { _id: 'user-9', version: 1 },
    ]);
    expect(await db.db.collection('event_store_migrations').countDocuments({})).toBe(1);
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
