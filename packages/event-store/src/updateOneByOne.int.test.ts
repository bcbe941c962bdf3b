import { testDatabase } from '@qilbee/testkit';
import { updateOneByOne } from './updateOneByOne';

describe('updateOneByOne (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    database = await testDatabase('onebyone');
  });
  afterAll(() => database.close());

  it('updates 100 existing documents while other queries run, without stalling the database', async () => {
    const docs = database.db.collection<{ _id: string; atMs: number }>('latest');
    const other = database.db.collection<{ _id: string }>('other');
    await other.insertOne({ _id: 'x' });
    for (let round = 1; round <= 3; round += 1) {
      const updates = Array.from({ length: 100 }, (_, i) => ({ filter: { _id: `k${i}` }, update: { $max: { atMs: round } }, upsert: true }));
      const reads = Array.from({ length: 20 }, () => other.findOne({ _id: 'x' }));
      await Promise.all([updateOneByOne(docs, updates), ...reads]);
    }
    expect(await docs.countDocuments({ atMs: 3 })).toBe(100);
    expect(await other.findOne({ _id: 'x' })).toEqual({ _id: 'x' });
  });
});
