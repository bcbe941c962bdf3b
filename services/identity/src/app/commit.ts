import { handleCommand, type Decider, type DomainEvent } from '@qilbee/event-store';
import type { IdentityDeps } from './deps';
import { eventMetadata, type CallContext } from './callContext';
import type { Projection } from './ports';
import { toPublication, type PublicEventSpec } from './publicEvent';

export interface CommitRequest<C, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  command: C;
  projection: Projection<S>;
  ctx: CallContext;
  /** The one public event of this command, given what it decided; null when nothing changed. */
  publicEvent: (events: E[], state: S) => PublicEventSpec | null;
}

/**
 * Decides and appends with the public event in the same commit (the outbox), then projects
 * inline so the caller reads its own write. The sweeper repairs a crash between the two.
 */
export async function commit<C, E extends DomainEvent, S>(deps: IdentityDeps, request: CommitRequest<C, E, S>): Promise<{ state: S; events: E[] }> {
  const nowMs = deps.clock.nowMs();
  const result = await handleCommand(deps.store, request.streamId, request.decider, request.command, {
    appendOptions: (events, state) => {
      const spec = events.length > 0 ? request.publicEvent(events, state) : null;
      return {
        metadata: eventMetadata(request.ctx),
        publications: spec ? [toPublication(spec, request.ctx, deps.ids.next(), nowMs)] : [],
      };
    },
  });
  const first = result.events[0];
  if (first) {
    // The events are durable now: a failed projection must not look like a failed command
    // (the caller would undo reservations); the sweeper re-projects unmarked commits.
    try {
      await request.projection.project(request.streamId, result.state, result.version);
      await deps.hooks.committed(request.streamId, first.version);
    } catch (error) {
      deps.logger.warn({ err: error, streamId: request.streamId }, 'inline projection failed; the sweeper will catch up');
    }
  }
  return { state: result.state, events: result.events.map((e) => ({ type: e.type, data: e.data }) as E) };
}
