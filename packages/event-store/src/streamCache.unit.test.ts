import { StreamCache } from './streamCache';
import type { StoredEvent } from './types';

function events(streamId: string, count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => ({ eventId: `${streamId}-${i + 1}`, streamId, version: i + 1, type: 'Happened', data: {}, schemaVersion: 1, metadata: {}, recordedAtMs: 0 }));
}

describe('StreamCache', () => {
  it('evicts the least recently used stream when full', () => {
    const cache = new StreamCache(2);
    cache.offer('a', { version: 1, events: events('a', 1) });
    cache.offer('b', { version: 1, events: events('b', 1) });
    expect(cache.get('a')?.version).toBe(1);
    cache.offer('c', { version: 1, events: events('c', 1) });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('keeps the longer of two prefixes of a stream', () => {
    const cache = new StreamCache(10);
    cache.offer('a', { version: 3, events: events('a', 3) });
    cache.offer('a', { version: 2, events: events('a', 2) });
    expect(cache.get('a')?.version).toBe(3);
    cache.offer('a', { version: 4, events: events('a', 4) });
    expect(cache.get('a')?.events).toHaveLength(4);
  });

  it('caches nothing when its capacity is 0, and never an empty stream', () => {
    const off = new StreamCache(0);
    off.offer('a', { version: 1, events: events('a', 1) });
    expect(off.get('a')).toBeUndefined();
    const on = new StreamCache(10);
    on.offer('empty', { version: 0, events: [] });
    expect(on.get('empty')).toBeUndefined();
  });

  it('forgets a stream on delete', () => {
    const cache = new StreamCache(10);
    cache.offer('a', { version: 1, events: events('a', 1) });
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
