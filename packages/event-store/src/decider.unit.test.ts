import { handleCommand, fold } from './decider';
import { InMemoryEventStore } from './inMemoryEventStore';
import { ConcurrencyError, type DomainEvent, type EventStore } from './types';
import { counterDecider } from './testCounter';

describe('handleCommand', () => {
  it('given no events, when a command is decided, then its events are appended at version 1', async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(store, 'counter-1', counterDecider, { type: 'Increment', by: 2, cap: 10 });
    expect(result.version).toBe(1);
    expect(result.state).toEqual({ total: 2 });
    expect((await store.readStream('counter-1')).map((e) => e.data)).toEqual([{ by: 2 }]);
  });

  it('given history, folds it before deciding', async () => {
    const store = new InMemoryEventStore();
    await store.append('counter-1', 0, [{ type: 'Incremented', data: { by: 9 } }]);
    await expect(handleCommand(store, 'counter-1', counterDecider, { type: 'Increment', by: 2, cap: 10 })).rejects.toThrow('cap exceeded');
  });

  it('retries on a concurrency conflict and decides again on the new state', async () => {
    const inner = new InMemoryEventStore();
    let raced = false;
    const racing: EventStore = {
      readStream: (id) => inner.readStream(id),
      streamIds: (prefix) => inner.streamIds(prefix),
      append: async (id, expected, events: DomainEvent[], options) => {
        if (!raced) {
          raced = true;
          await inner.append(id, expected, [{ type: 'Incremented', data: { by: 5 } }]);
        }
        return inner.append(id, expected, events, options);
      },
    };
    const result = await handleCommand(racing, 'counter-1', counterDecider, { type: 'Increment', by: 1, cap: 10 });
    expect(result.state).toEqual({ total: 6 });
    expect(result.version).toBe(2);
  });

  it('decides on the history the caller passes without reading; a stale one costs a conflict and a fresh read', async () => {
    const inner = new InMemoryEventStore();
    let reads = 0;
    const counting: EventStore = { ...inner, readStream: (id) => ((reads += 1), inner.readStream(id)), streamIds: (p) => inner.streamIds(p), append: (...args) => inner.append(...args) };
    const first = await handleCommand(counting, 'counter-1', counterDecider, { type: 'Increment', by: 2, cap: 10 }, { history: [] });
    expect(reads).toBe(0);
    const stale = await counting.readStream('counter-1');
    await inner.append('counter-1', first.version, [{ type: 'Incremented', data: { by: 3 } }]);
    const result = await handleCommand(counting, 'counter-1', counterDecider, { type: 'Increment', by: 1, cap: 10 }, { history: stale });
    expect(result.state).toEqual({ total: 6 });
    expect(result.version).toBe(3);
  });

  it('gives up after the bounded number of attempts', async () => {
    const always: EventStore = {
      readStream: async () => [],
      streamIds: async function* () {},
      append: async (id, expected) => {
        throw new ConcurrencyError(id, expected);
      },
    };
    await expect(handleCommand(always, 'c', counterDecider, { type: 'Increment', by: 1, cap: 5 }, { maxAttempts: 3 })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('fold replays events onto the initial state', () => {
    expect(fold(counterDecider, [{ type: 'Incremented', data: { by: 1 } }, { type: 'Incremented', data: { by: 3 } }])).toEqual({ total: 4 });
  });
});

describe('InMemoryEventStore', () => {
  it('rejects an append at a stale version', async () => {
    const store = new InMemoryEventStore();
    await store.append('s', 0, [{ type: 'Incremented', data: { by: 1 } }]);
    await expect(store.append('s', 0, [{ type: 'Incremented', data: { by: 1 } }])).rejects.toBeInstanceOf(ConcurrencyError);
  });
});
