import type { AppendOptions, DomainEvent, EventStore, StoredEvent } from './types';
import { ConcurrencyError } from './types';

/** The whole write model of an aggregate: three pure functions (emmett's Decider). */
export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

export function fold<Event extends DomainEvent, State>(decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>, events: Array<StoredEvent | Event>): State {
  return events.reduce((state, event) => decider.evolve(state, { type: event.type, data: event.data } as Event), decider.initialState);
}

export interface CommandResult<Event extends DomainEvent, State> {
  events: StoredEvent<Event>[];
  state: State;
  version: number;
}

export interface HandleOptions<Event extends DomainEvent, State> {
  /** Attempts when another writer got there first; each re-reads the stream and decides again. */
  maxAttempts?: number;
  /** Builds metadata and public records for the new events (runs once per attempt). */
  appendOptions?: (events: Event[], newState: State, version: number) => AppendOptions;
  /**
   * The stream as the caller just read it: the first attempt decides on it instead of reading
   * again. A stale history is no risk: its append collides and the retry reads consistently.
   */
  history?: StoredEvent[];
}

/**
 * Load, fold, decide, append; on a concurrency conflict, retry a bounded number of times. The first
 * read may take the store's fast path (which can be stale); a conflict proves it was, so retries
 * read the committed history itself.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleOptions<Event, State> = {},
): Promise<CommandResult<Event, State>> {
  const { appendOptions, ...rest } = options;
  const batch: BatchHandleOptions<Event, State> = appendOptions ? { ...rest, appendOptions: (decisions, state, version) => appendOptions(decisions.flatMap((d) => d.events), state, version) } : rest;
  const { events, state, version } = await handleCommands(store, streamId, decider, [command], batch);
  return { events, state, version };
}

/** What one command of a batch decided, and the state right after its events. */
export interface Decision<Event extends DomainEvent, State> {
  events: Event[];
  state: State;
}

export interface BatchResult<Event extends DomainEvent, State> extends CommandResult<Event, State> {
  /** One per command, in order. */
  decisions: Array<Decision<Event, State>>;
}

export interface BatchHandleOptions<Event extends DomainEvent, State> {
  maxAttempts?: number;
  history?: StoredEvent[];
  /** Builds metadata and public records for the batch's events (runs once per attempt). */
  appendOptions?: (decisions: Array<Decision<Event, State>>, newState: State, version: number) => AppendOptions;
}

/**
 * Several commands on one stream, decided one after another on the evolving state and appended
 * as one commit: exactly what running them one by one would store, for one write. Callers that
 * queue behind a busy stream (a burst of logins on one account) then cost one append per batch
 * instead of one each. Retries on a conflict decide the whole batch again, like handleCommand.
 */
export async function handleCommands<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  commands: Command[],
  options: BatchHandleOptions<Event, State> = {},
): Promise<BatchResult<Event, State>> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    const history = attempt === 1 ? (options.history ?? (await store.readStream(streamId))) : await store.readStream(streamId, { consistent: true });
    let state = fold(decider, history);
    const decisions = commands.map((command) => {
      const events = decider.decide(command, state);
      state = events.reduce(decider.evolve, state);
      return { events, state };
    });
    const events = decisions.flatMap((decision) => decision.events);
    const version = history.length;
    try {
      const result = await store.append(streamId, version, events, options.appendOptions?.(decisions, state, version + events.length));
      return { events: result.events as StoredEvent<Event>[], state, version: result.version, decisions };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}
