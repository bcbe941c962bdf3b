import { KeyedBatches } from './keyedBatches';

describe('keyed batches', () => {
  it('runs what waits behind a busy key as the next batch, at most maxBatch, each item getting its own outcome in order', async () => {
    const runs: Array<[string, number[]]> = [];
    const batches = new KeyedBatches<number, string>(async (key, items) => {
      runs.push([key, items]);
      await new Promise((resolve) => setImmediate(resolve));
      return items.map((item) => `${key}:${item}`);
    }, 3);
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => batches.submit('a', n)).concat([batches.submit('b', 7)]));
    expect(outcomes).toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6', 'b:7']);
    expect(runs).toEqual([['a', [1]], ['b', [7]], ['a', [2, 3, 4]], ['a', [5, 6]]]);
  });

  it('a failed batch rejects its own items only; the key goes on with the next one', async () => {
    let calls = 0;
    const batches = new KeyedBatches<number, number>(async (_key, items) => {
      calls += 1;
      if (calls === 1) throw new Error('store down');
      return items;
    }, 10);
    const first = batches.submit('a', 1);
    const second = batches.submit('a', 2);
    await expect(first).rejects.toThrow('store down');
    await expect(second).resolves.toBe(2);
  });
});
