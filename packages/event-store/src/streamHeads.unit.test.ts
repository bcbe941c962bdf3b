import { backfillMarker, headsCollectionName, shardOf } from './streamHeads';

describe('stream head layout', () => {
  it('puts a stream in the same shard forever (the hash is part of the storage format)', () => {
    // Pinned: a change here would strand every head written before it.
    expect(['', 'user-1', 'lockout:user:alice', 'family-019a'].map((id) => shardOf(id, 32))).toEqual([5, 20, 1, 9]);
    // FNV-1a 32-bit of "a" is 0xe40c292c.
    expect(shardOf('a', 2 ** 31)).toBe(0xe40c292c % 2 ** 31);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('spreads similar ids evenly', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 32_000; i += 1) counts[shardOf(`family-${i}`, 32)] = (counts[shardOf(`family-${i}`, 32)] ?? 0) + 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
  });

  it('names collections and markers so the single-collection layout keeps its original ones', () => {
    expect(headsCollectionName(1, 0)).toBe('event_streams');
    expect(headsCollectionName(32, 7)).toBe('event_streams_07');
    expect(backfillMarker(1)).toBe('stream-heads-backfilled');
    expect(backfillMarker(32)).toBe('stream-heads-backfilled-32');
  });
});
