import { fold, handleCommand, type AppendOptions, type EventStore, type Publication } from '@qilbee/event-store';
import type { Clock } from '@qilbee/kernel';
import { refreshFamilyDecider, type RefreshFamilyCommand, type RefreshFamilyEvent, type RefreshFamilyState } from '../domain/refreshFamily';
import type { CommitHooks, SessionDirectory } from './ports/readModels';
import { familyRevocationFacts, type Revocations } from './revocations';
import { eventMetadata, type RequestContext } from './requestContext';

export const FAMILY_PREFIX = 'family-';

export function familyStreamId(familyId: string): string {
  return `${FAMILY_PREFIX}${familyId}`;
}

export interface SessionsOptions {
  store: EventStore;
  directory: SessionDirectory;
  hooks: CommitHooks;
  revocations: Revocations;
  clock: Clock;
}

export type FamilyPublications = (events: RefreshFamilyEvent[], state: RefreshFamilyState) => Publication[];

/** Login sessions (refresh-token families): load, decide, append, then make revocations effective. */
export class Sessions {
  constructor(private readonly options: SessionsOptions) {}

  async load(familyId: string): Promise<RefreshFamilyState> {
    return fold(refreshFamilyDecider, await this.options.store.readStream(familyStreamId(familyId)));
  }

  async execute(familyId: string, command: RefreshFamilyCommand, context: RequestContext, publications: FamilyPublications): Promise<{ events: RefreshFamilyEvent[]; state: RefreshFamilyState }> {
    const streamId = familyStreamId(familyId);
    const appendOptions = (events: RefreshFamilyEvent[], state: RefreshFamilyState) => ({ metadata: eventMetadata(context), publications: publications(events, state) });
    const result = command.type === 'StartFamily' ? await this.start(streamId, command, appendOptions) : await handleCommand(this.options.store, streamId, refreshFamilyDecider, command, { maxAttempts: 10, appendOptions });
    const events = result.events.map((e) => ({ type: e.type, data: e.data }) as RefreshFamilyEvent);
    if (events.length > 0) {
      await this.options.revocations.record(familyRevocationFacts(events));
      // Projected first, then marked: a mark may never claim a projection that a crash lost.
      await this.options.directory.project(streamId, result.state, result.version);
      await this.options.hooks.committed(streamId, result.version - events.length + 1);
    }
    return { events, state: result.state };
  }

  /** A family id is fresh (uuidv7), so its stream is empty: append at version 0 without reading it. */
  private async start(streamId: string, command: RefreshFamilyCommand, appendOptions: (events: RefreshFamilyEvent[], state: RefreshFamilyState) => AppendOptions) {
    const events = refreshFamilyDecider.decide(command, refreshFamilyDecider.initialState);
    const state = events.reduce(refreshFamilyDecider.evolve, refreshFamilyDecider.initialState);
    const appended = await this.options.store.append(streamId, 0, events, { ...appendOptions(events, state), freshStream: true });
    return { events: appended.events, state, version: appended.version };
  }
}
