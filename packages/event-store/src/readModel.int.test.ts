import pino from 'pino';
import { testDatabase } from '@qilbee/testkit';
import { handleCommand } from './decider';
import { MongoEventStore } from './mongoEventStore';
import { ProjectionSweeper } from './projector';
import { ReadModel } from './readModel';
import { counterDecider, type CounterEvent, type CounterState } from './testCounter';

const logger = pino({ level: 'silent' });

describe('ReadModel and ProjectionSweeper (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let store: MongoEventStore;
  let model: ReadModel<CounterEvent, CounterState, { total: number }>;
  let sweeper: ProjectionSweeper;

  beforeAll(async () => {
    database = await testDatabase('readmodel');
    store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    model = new ReadModel(database.db, store, {
      collection: 'counter_views',
      streamPrefix: 'counter-',
      decider: counterDecider,
      toView: (_id, state) => ({ total: state.total }),
    });
    sweeper = new ProjectionSweeper(store.commits, [model], logger);
  });
  afterAll(() => database.close());

  async function increment(streamId: string, by: number, project = true) {
    const result = await handleCommand(store, streamId, counterDecider, { type: 'Increment', by, cap: 1000 });
    if (project) {
      await model.project(streamId, result.state, result.version);
      await sweeper.markProjected(streamId, result.version);
    }
    return result;
  }

  it('keeps views up to date inline and rebuilds identical views from the events alone', async () => {
    for (const [id, by] of [['counter-a', 1], ['counter-a', 2], ['counter-b', 5], ['counter-c', 7], ['counter-a', 3]] as const) {
      await increment(id, by);
    }
    const live = await model.views.find({}).sort({ _id: 1 }).toArray();
    expect(live.map((v) => [v._id, v.total, v.version])).toEqual([['counter-a', 6, 3], ['counter-b', 5, 1], ['counter-c', 7, 1]]);
    expect(await model.rebuild()).toBe(3);
    expect(await model.views.find({}).sort({ _id: 1 }).toArray()).toEqual(live);
  });

  it('never lets an older version overwrite a newer view', async () => {
    await increment('counter-v', 10);
    const second = await increment('counter-v', 10);
    await model.project('counter-v', { total: 10 }, 1);
    expect(await model.views.findOne({ _id: 'counter-v' })).toMatchObject({ total: 20, version: second.version });
  });

  it('projects commits left unprojected by a crash, then forgets them', async () => {
    await increment('counter-crash', 4, false);
    expect(await model.views.findOne({ _id: 'counter-crash' })).toBeNull();
    expect(await sweeper.sweep(0, Date.now() + 1000)).toBe(1);
    expect(await model.views.findOne({ _id: 'counter-crash' })).toMatchObject({ total: 4, version: 1 });
    expect(await store.pending.countDocuments({ streamId: 'counter-crash' })).toBe(0);
    expect(await sweeper.sweep(0, Date.now() + 1000)).toBe(0);
  });
});
