import { handleCommand, type EventMetadata, type EventStore } from '@qilbee/event-store';
import { DomainError, canonicalUuid, uuidv7, type Clock, type IdGenerator } from '@qilbee/kernel';
import type { PolicyInput, SubjectOverride } from '../domain/policy';
import { policyDecider, type PolicyCommand, type PolicyState } from '../domain/policyDecider';
import type { PolicyEvent } from '../domain/policyEvents';
import type { LoadedPolicy } from '../domain/policyResolution';
import type { PolicyViews } from './ports';
import { policyPublication } from './publicEvents';

export const POLICY_STREAM_PREFIX = 'ratelimit_policy-';

export function policyStreamId(policyId: string): string {
  return `${POLICY_STREAM_PREFIX}${policyId}`;
}

export interface PolicyUpdate {
  changes: Partial<Omit<PolicyInput, 'overrides'>>;
  overrides: SubjectOverride[];
  replaceOverrides: boolean;
}

export interface PolicyServiceDeps {
  store: EventStore;
  views: PolicyViews;
  clock: Clock;
  ids: IdGenerator;
  /** Called after every successful change (reload the catalog, wake the outbox relay). */
  afterChange?: () => Promise<void> | void;
}

/**
 * Policy CRUD, event-sourced: each command is decided on the Policy aggregate's stream, appended
 * with its public event in the outbox (policy changes are audit events), then projected into the
 * read model at once so the next read sees it.
 */
export class PolicyService {
  constructor(private readonly deps: PolicyServiceDeps) {}

  async create(input: PolicyInput, meta: EventMetadata, id = this.deps.ids.next()): Promise<LoadedPolicy> {
    const nowMs = this.deps.clock.nowMs();
    return this.run(id, { type: 'CreatePolicy', id, input, createdBy: meta.actorUserId || 'system', nowMs }, meta);
  }

  async update(rawId: string, update: PolicyUpdate, meta: EventMetadata): Promise<LoadedPolicy> {
    const id = policyId(rawId);
    return this.run(id, { type: 'UpdatePolicy', ...update, nowMs: this.deps.clock.nowMs() }, meta);
  }

  async delete(rawId: string, meta: EventMetadata): Promise<void> {
    const id = policyId(rawId);
    await this.run(id, { type: 'DeletePolicy', nowMs: this.deps.clock.nowMs() }, meta);
  }

  async get(rawId: string): Promise<LoadedPolicy> {
    const id = policyId(rawId);
    const policy = await this.deps.views.get(id);
    if (!policy) throw new DomainError('not_found', 'Rate limit policy not found', 'policy_not_found');
    return policy;
  }

  list(): Promise<LoadedPolicy[]> {
    return this.deps.views.list();
  }

  private async run(id: string, command: PolicyCommand, meta: EventMetadata): Promise<LoadedPolicy> {
    const streamId = policyStreamId(id);
    const nowMs = command.nowMs;
    const result = await handleCommand(this.deps.store, streamId, policyDecider, command, {
      appendOptions: (events, state) => ({ metadata: meta, publications: publicationsFor(events, state, nowMs, meta) }),
    });
    await this.deps.views.project(id, result.state, result.version);
    if (result.events.length > 0) await this.deps.afterChange?.();
    return toLoaded(result.state, result.version);
  }
}

function publicationsFor(events: PolicyEvent[], state: PolicyState, nowMs: number, meta: EventMetadata) {
  if (state.status === 'absent') return [];
  // The public record gets its own id here: appendOptions runs before the store assigns event ids.
  return events.map((event) => policyPublication(event, state.policy, uuidv7(nowMs), nowMs, meta));
}

function toLoaded(state: PolicyState, version: number): LoadedPolicy {
  if (state.status === 'absent') throw new DomainError('not_found', 'Rate limit policy not found', 'policy_not_found');
  return { ...state.policy, revision: version };
}

/** The id as stored (lower case); a value that is no UUID at all is a 400. */
function policyId(raw: string): string {
  const id = canonicalUuid(raw);
  if (id === undefined) throw new DomainError('invalid_argument', 'Invalid policy ID format', 'invalid_policy_id', [{ field: 'policy_id', message: 'must be a UUID' }]);
  return id;
}
