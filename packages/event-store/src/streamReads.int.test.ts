import { testDatabase } from '@qilbee/testkit';
import { MongoEventStore } from './mongoEventStore';
import { recordQueries } from './testQueries';
import { ConcurrencyError } from './types';

const happened = (n: number) => ({ type: 'Happened', data: { n } });

describe('MongoEventStore reads through stream heads and its cache (real server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    database = await testDatabase('evreads');
    await new MongoEventStore(database.db).ensureIndexes();
  });
  afterAll(() => database.close());

  /** A store as a separate process would have it: its own (empty) cache, its own query log. */
  function instance(cachedStreams?: number) {
    const store = new MongoEventStore(database.db, undefined, { cachedStreams });
    return { store, commits: recordQueries(store.commits) };
  }

  it('answers a stream that was never written from its (missing) head, without querying the commits', async () => {
    const { store, commits } = instance();
    const heads = recordQueries(await store.heads.collectionFor('never-written'));
    expect(await store.readStream('never-written')).toEqual([]);
    expect(commits.queries).toEqual([]);
    expect(heads.queries).toEqual([{ _id: 'never-written' }]);
  });

  it('serves a stream from memory once read, and its own appends without any read of the commits', async () => {
    const writer = instance();
    await writer.store.append('hot', 0, [happened(1), happened(2)], { metadata: { requestId: 'r1', absent: undefined } });
    await writer.store.append('hot', 2, [happened(3)]);
    expect((await writer.store.readStream('hot')).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(writer.commits.queries).toEqual([]);

    const reader = instance();
    const first = await reader.store.readStream('hot');
    expect(reader.commits.scans()).toHaveLength(1);
    reader.commits.reset();
    expect(await reader.store.readStream('hot')).toEqual(first);
    expect(await reader.store.readStream('hot')).toEqual(first);
    expect(reader.commits.queries).toEqual([]);
    // What the writer keeps of its own appends is exactly what a read of the commits returns.
    expect(await writer.store.readStream('hot')).toEqual(first);
    expect(first[0]?.metadata).toEqual({ requestId: 'r1', absent: null });
  });

  it('hands out copies: changing a returned event does not change the next read', async () => {
    const { store } = instance();
    await store.append('copies', 0, [happened(1)]);
    const read = await store.readStream('copies');
    (read[0]?.data as { n: number }).n = 99;
    read.pop();
    expect((await store.readStream('copies')).map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('reads only the commits after its cached prefix when another instance appended', async () => {
    const a = instance();
    const b = instance();
    await a.store.append('moving', 0, [happened(1)]);
    await b.store.readStream('moving');
    await a.store.append('moving', 1, [happened(2), happened(3)]);
    b.commits.reset();
    const events = await b.store.readStream('moving');
    expect(events.map((e) => [e.version, e.data])).toEqual([[1, { n: 1 }], [2, { n: 2 }], [3, { n: 3 }]]);
    expect(b.commits.queries).toEqual([{ streamId: 'moving', version: { $gt: 1 } }]);
    expect(events).toEqual(await b.store.readStream('moving', { consistent: true }));
  });

  it('keeps at most `cachedStreams` streams, evicting the least recently used', async () => {
    const writer = instance();
    for (const id of ['lru-1', 'lru-2', 'lru-3']) await writer.store.append(id, 0, [happened(1)]);
    const small = instance(2);
    for (const id of ['lru-1', 'lru-2', 'lru-3']) await small.store.readStream(id);
    small.commits.reset();
    await small.store.readStream('lru-3');
    expect(small.commits.queries).toEqual([]);
    await small.store.readStream('lru-1');
    expect(small.commits.queries).toEqual([{ streamId: 'lru-1' }]);
  });

  it('drops its cached stream on a ConcurrencyError and keeps nothing of the failed append', async () => {
    const a = instance();
    const b = instance();
    await a.store.append('conflict', 0, [happened(1)]);
    await b.store.readStream('conflict');
    await a.store.append('conflict', 1, [happened(2)]);
    await expect(b.store.append('conflict', 1, [happened(666)])).rejects.toBeInstanceOf(ConcurrencyError);
    b.commits.reset();
    expect((await b.store.readStream('conflict')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    // The whole stream was read again: the prefix cached before the conflict was gone.
    expect(b.commits.queries).toEqual([{ streamId: 'conflict' }]);
  });

  it('reports a durable append as done even when its head write fails, and repairs the head on its next read', async () => {
    const { store, commits } = instance();
    const create = store.heads.create.bind(store.heads);
    store.heads.create = () => Promise.reject(new Error('store unreachable for a moment'));
    const appended = await store.append('headless', 0, [happened(1)]);
    store.heads.create = create;
    expect(appended.version).toBe(1);
    expect(await store.heads.versionOf('headless')).toBeUndefined();
    // Its cache is ahead of the (missing) head: it answers from memory and writes the head.
    expect((await store.readStream('headless')).map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(commits.queries).toEqual([]);
    expect(await store.heads.versionOf('headless')).toBe(1);
  });

  it('never moves a head back: an out-of-order writer raises it with $max', async () => {
    const { store } = instance();
    await store.append('monotone', 0, [happened(1), happened(2), happened(3)]);
    await store.heads.advance('monotone', 1);
    expect(await store.heads.versionOf('monotone')).toBe(3);
    // A first commit's head written late, after a repair already raised it, does not lower it either.
    await store.heads.create('monotone', 1);
    expect(await store.heads.versionOf('monotone')).toBe(3);
  });

  it('writes a fresh stream\'s head alongside its first commit, and a head left ahead of an empty stream still reads as empty', async () => {
    const writer = instance();
    await writer.store.append('fresh-1', 0, [happened(1)], { freshStream: true });
    expect(await writer.store.heads.versionOf('fresh-1')).toBe(1);
    expect((await instance().store.readStream('fresh-1')).map((e) => e.version)).toEqual([1]);

    // What a failed first commit of a fresh stream leaves behind: a head and no commit.
    await writer.store.heads.create('fresh-orphan', 1);
    const reader = instance();
    expect(await reader.store.readStream('fresh-orphan')).toEqual([]);
    expect(await reader.store.readStream('fresh-orphan')).toEqual([]);
    // The stream stays usable, and the reader's cache does not hide the commit once it exists.
    await writer.store.append('fresh-orphan', 0, [happened(1)]);
    expect((await reader.store.readStream('fresh-orphan')).map((e) => e.version)).toEqual([1]);
  });
});
