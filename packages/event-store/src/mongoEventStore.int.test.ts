import { testDatabase } from '@qilbee/testkit';
import { MongoEventStore } from './mongoEventStore';
import { ConcurrencyError } from './types';
import { handleCommand } from './decider';
import { counterDecider } from './testCounter';

describe('MongoEventStore (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let store: MongoEventStore;

  beforeAll(async () => {
    database = await testDatabase('evstore');
    store = new MongoEventStore(database.db);
    await store.ensureIndexes();
  });
  afterAll(() => database.close());

  it('appends and reads a stream back in version order', async () => {
    await store.append('s-read', 0, [{ type: 'Incremented', data: { by: 1 } }, { type: 'Incremented', data: { by: 2 } }], { metadata: { requestId: 'r1' } });
    await store.append('s-read', 2, [{ type: 'Incremented', data: { by: 3 } }]);
    const events = await store.readStream('s-read');
    expect(events.map((e) => [e.version, e.data])).toEqual([[1, { by: 1 }], [2, { by: 2 }], [3, { by: 3 }]]);
    expect(events[0]?.metadata).toEqual({ requestId: 'r1' });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
  });

  it('rejects an append at a stale version with a ConcurrencyError and stores nothing of it', async () => {
    await store.append('s-stale', 0, [{ type: 'Incremented', data: { by: 1 } }]);
    await expect(store.append('s-stale', 0, [{ type: 'Incremented', data: { by: 7 } }, { type: 'Incremented', data: { by: 8 } }])).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('s-stale')).map((e) => e.data)).toEqual([{ by: 1 }]);
  });

  it('lets exactly one of many racing appends at the same version win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.append('s-race', 0, [{ type: 'Incremented', data: { by: i } }])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.every((r) => r.reason instanceof ConcurrencyError)).toBe(true);
    expect(await store.readStream('s-race')).toHaveLength(1);
  });

  it('serialises racing commands through retries: no increment is lost', async () => {
    await Promise.all(Array.from({ length: 5 }, () => handleCommand(store, 's-cmd', counterDecider, { type: 'Increment', by: 1, cap: 100 }, { maxAttempts: 10 })));
    expect(await store.readStream('s-cmd')).toHaveLength(5);
  });

  it('lists stream ids by prefix', async () => {
    await store.append('user-a', 0, [{ type: 'Incremented', data: { by: 1 } }]);
    await store.append('user-b', 0, [{ type: 'Incremented', data: { by: 1 } }]);
    await store.append('user-b', 1, [{ type: 'Incremented', data: { by: 1 } }]);
    const ids: string[] = [];
    for await (const id of store.streamIds('user-')) ids.push(id);
    expect(ids.sort()).toEqual(['user-a', 'user-b']);
  });
});
