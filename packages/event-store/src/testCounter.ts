import type { Decider } from './decider';

/** A tiny aggregate used by this package's own tests: a counter that refuses to go past a cap. */
export type CounterEvent = { type: 'Incremented'; data: { by: number } };
export type CounterCommand = { type: 'Increment'; by: number; cap: number };
export type CounterState = { total: number };

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { total: 0 },
  decide: (command, state) => {
    if (state.total + command.by > command.cap) throw new Error('cap exceeded');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
};
