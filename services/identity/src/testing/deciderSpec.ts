import type { Decider, DomainEvent } from '@qilbee/event-store';

/**
 * Given/when/then for deciders (emmett's DeciderSpecification, in a few lines): given past events,
 * when a command, then the new events, or the error thrown.
 */
export function deciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (given: E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState));
      return {
        then: (expected: E[]) => expect(run()).toEqual(expected),
        thenThrows: (match: { code?: string; reason?: string }) => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toMatchObject(match);
        },
        events: run,
      };
    },
  });
}
