import pino from 'pino';
import { testDatabase } from '@qilbee/testkit';
import { handleCommand } from './decider';
import { MongoEventStore } from './mongoEventStore';
import { ProjectionSweeper } from './projector';
import { counterDecider } from './testCounter';
import { recordQueries } from './testQueries';
import { ConcurrencyError, type AppendOptions, type DomainEvent, type EventStore, type ReadOptions } from './types';

const increment = (by: number) => ({ type: 'Increment' as const, by, cap: 1_000_000 });

/** Wraps one instance's store to run something right after its first read (an interleaving), and to count what happened. */
class Interleaving implements EventStore {
  readonly reads: Array<ReadOptions | undefined> = [];
  conflicts = 0;

  constructor(
    private readonly inner: EventStore,
    private readonly afterFirstRead: () => Promise<unknown>,
  ) {}

  async readStream(streamId: string, options?: ReadOptions) {
    const events = await this.inner.readStream(streamId, options);
    this.reads.push(options);
    if (this.reads.length === 1) await this.afterFirstRead();
    return events;
  }

  async append(streamId: string, expectedVersion: number, events: DomainEvent[], options?: AppendOptions) {
    try {
      return await this.inner.append(streamId, expectedVersion, events, options);
    } catch (error) {
      if (error instanceof ConcurrencyError) this.conflicts += 1;
      throw error;
    }
  }

  streamIds(prefix?: string) {
    return this.inner.streamIds(prefix);
  }
}

describe('several MongoEventStore instances on one database, and crashes (real server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    database = await testDatabase('evmulti');
    await new MongoEventStore(database.db).ensureIndexes();
  });
  afterAll(() => database.close());

  /** One instance (process) of a service: its own store object, so its own cache. */
  const instance = () => new MongoEventStore(database.db);

  /** The commit log of a stream as stored: every first version once, contiguous, and the total. */
  async function committed(streamId: string) {
    const commits = await instance().commits.find({ streamId }).sort({ version: 1 }).toArray();
    const versions = commits.flatMap((c) => c.events.map((_, i) => c.version + i));
    const total = commits.flatMap((c) => c.events).reduce((sum, e) => sum + (e.data as { by: number }).by, 0);
    return { versions, total };
  }

  it('a stale cache costs a ConcurrencyError, and the retry reads the commits: no event lost', async () => {
    const a = instance();
    const b = instance();
    await handleCommand(a, 'stale', counterDecider, increment(1));
    // A's next command reads from its cache (head unchanged), then B commits before A appends.
    const interleaved = new Interleaving(a, () => handleCommand(b, 'stale', counterDecider, increment(10)));
    const aCommits = recordQueries(a.commits);
    const result = await handleCommand(interleaved, 'stale', counterDecider, increment(100));

    expect(interleaved.conflicts).toBe(1);
    expect(interleaved.reads).toEqual([undefined, { consistent: true }]);
    // The first read came from memory; only the retry read the commits.
    expect(aCommits.queries).toEqual([{ streamId: 'stale' }]);
    expect(result.state.total).toBe(111);
    expect(await committed('stale')).toEqual({ versions: [1, 2, 3], total: 111 });
    expect(await a.heads.versionOf('stale')).toBe(3);
    expect((await b.readStream('stale')).map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('keeps every command of two instances racing on one stream', async () => {
    const a = instance();
    const b = instance();
    await Promise.all(Array.from({ length: 8 }, (_, i) => handleCommand(i % 2 === 0 ? a : b, 'race', counterDecider, increment(i + 1), { maxAttempts: 30 })));
    expect(await committed('race')).toEqual({ versions: [1, 2, 3, 4, 5, 6, 7, 8], total: 36 });
    expect(await a.heads.versionOf('race')).toBe(8);
    expect(fold(await a.readStream('race'))).toBe(36);
    expect(fold(await b.readStream('race'))).toBe(36);
  });

  it('repairs a head lost to a crash between commit and head write, without a duplicate version', async () => {
    const crashed = instance();
    await crashed.append('lost-head', 0, [{ type: 'Incremented', data: { by: 1 } }, { type: 'Incremented', data: { by: 2 } }]);
    await (await crashed.heads.collectionFor('lost-head')).deleteOne({ _id: 'lost-head' });

    const restarted = instance();
    // The documented bound: a pure read trusts the (missing) head until something repairs it.
    expect(await restarted.readStream('lost-head')).toEqual([]);
    const interleaved = new Interleaving(restarted, async () => undefined);
    const result = await handleCommand(interleaved, 'lost-head', counterDecider, increment(4));

    expect(interleaved.conflicts).toBe(1);
    expect(result.state.total).toBe(7);
    expect(await committed('lost-head')).toEqual({ versions: [1, 2, 3], total: 7 });
    expect(await restarted.heads.versionOf('lost-head')).toBe(3);
    expect(fold(await instance().readStream('lost-head'))).toBe(7);
  });

  it('repairs a head left behind while another instance holds a stale cache', async () => {
    const a = instance();
    const b = instance();
    await handleCommand(a, 'behind', counterDecider, increment(1));
    await b.readStream('behind');
    await handleCommand(a, 'behind', counterDecider, increment(2));
    await (await a.heads.collectionFor('behind')).updateOne({ _id: 'behind' }, { $set: { version: 1 } });

    expect(fold(await b.readStream('behind'))).toBe(1);
    const result = await handleCommand(b, 'behind', counterDecider, increment(4));
    expect(result.state.total).toBe(7);
    expect(await committed('behind')).toEqual({ versions: [1, 2, 3], total: 7 });
    expect(await b.heads.versionOf('behind')).toBe(3);
    // A fresh reader (no cache) finds more commits than the lowered head said and raises it.
    await (await a.heads.collectionFor('behind')).updateOne({ _id: 'behind' }, { $set: { version: 2 } });
    expect(fold(await instance().readStream('behind'))).toBe(7);
    expect(await a.heads.versionOf('behind')).toBe(3);
  });

  it('lets the ProjectionSweeper raise the head of a commit whose writer died before the head write', async () => {
    const crashed = instance();
    await crashed.append('swept', 0, [{ type: 'Incremented', data: { by: 5 } }]);
    await (await crashed.heads.collectionFor('swept')).deleteOne({ _id: 'swept' });
    const survivor = instance();
    const sweeper = new ProjectionSweeper(survivor.commits, [], pino({ level: 'silent' }));
    expect(await sweeper.sweep(0, Date.now() + 1000)).toBeGreaterThanOrEqual(1);
    expect(await survivor.heads.versionOf('swept')).toBe(1);
    expect(fold(await survivor.readStream('swept'))).toBe(5);
  });
});

function fold(events: Array<{ data: unknown }>): number {
  return events.reduce((sum, e) => sum + (e.data as { by: number }).by, 0);
}
