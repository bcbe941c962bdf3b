import { assertNever, DomainError } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import { toSettings, type PolicyInput, type PolicyRecord, type PolicySettings, type SubjectOverride } from './policy';
import type { PolicyEvent } from './policyEvents';

export type PolicyState =
  | { status: 'absent' }
  | { status: 'active'; policy: PolicyRecord }
  | { status: 'deleted'; policy: PolicyRecord; deletedAtMs: number };

export type CreatePolicy = { type: 'CreatePolicy'; id: string; input: PolicyInput; createdBy: string; nowMs: number };

/** Only the given fields change; overrides are merged unless replaceOverrides. */
export type UpdatePolicy = {
  type: 'UpdatePolicy';
  changes: Partial<Omit<PolicyInput, 'overrides'>>;
  overrides: SubjectOverride[];
  replaceOverrides: boolean;
  nowMs: number;
};

export type DeletePolicy = { type: 'DeletePolicy'; nowMs: number };

export type PolicyCommand = CreatePolicy | UpdatePolicy | DeletePolicy;

export const initialPolicyState: PolicyState = { status: 'absent' };

export function decidePolicy(command: PolicyCommand, state: PolicyState): PolicyEvent[] {
  switch (command.type) {
    case 'CreatePolicy': {
      if (state.status !== 'absent') throw new DomainError('already_exists', 'rate-limit policy already exists', 'policy_exists');
      const settings = toSettings(command.input);
      const policy: PolicyRecord = { ...settings, id: command.id, createdAtMs: command.nowMs, updatedAtMs: command.nowMs, createdBy: command.createdBy };
      return [{ type: 'RateLimitPolicyCreated', data: { policy } }];
    }
    case 'UpdatePolicy': {
      const current = requireActive(state);
      const settings = toSettings(mergeInput(current, command));
      const changed = changedFields(current, settings);
      if (changed.length === 0) return [];
      return [{ type: 'RateLimitPolicyUpdated', data: { settings, changed, updatedAtMs: command.nowMs } }];
    }
    case 'DeletePolicy':
      requireActive(state);
      return [{ type: 'RateLimitPolicyDeleted', data: { deletedAtMs: command.nowMs } }];
    default:
      return assertNever(command);
  }
}

export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  switch (event.type) {
    case 'RateLimitPolicyCreated':
      return { status: 'active', policy: event.data.policy };
    case 'RateLimitPolicyUpdated':
      if (state.status !== 'active') return state;
      return { status: 'active', policy: { ...state.policy, ...event.data.settings, updatedAtMs: event.data.updatedAtMs } };
    case 'RateLimitPolicyDeleted':
      if (state.status !== 'active') return state;
      return { status: 'deleted', policy: state.policy, deletedAtMs: event.data.deletedAtMs };
    default:
      return assertNever(event);
  }
}

export const policyDecider: Decider<PolicyCommand, PolicyEvent, PolicyState> = {
  decide: decidePolicy,
  evolve: evolvePolicy,
  initialState: initialPolicyState,
};

function requireActive(state: PolicyState): PolicyRecord {
  if (state.status !== 'active') throw new DomainError('not_found', 'Rate limit policy not found', 'policy_not_found');
  return state.policy;
}

function mergeInput(current: PolicyRecord, command: UpdatePolicy): PolicyInput {
  const c = command.changes;
  const endpointType = c.endpointType ?? current.endpointType;
  // Switching away from Custom drops the path unless the caller sent one (then validation speaks).
  const customPath = c.customPath ?? (endpointType === 'Custom' ? current.customPath : '');
  return {
    name: c.name ?? current.name,
    endpointType,
    customPath,
    maxRequests: c.maxRequests ?? current.maxRequests,
    windowSecs: c.windowSecs ?? current.windowSecs,
    enabled: c.enabled ?? current.enabled,
    failOpen: c.failOpen ?? current.failOpen,
    overrides: command.replaceOverrides ? command.overrides : mergeOverrides(current.overrides, command.overrides),
  };
}

function mergeOverrides(current: SubjectOverride[], added: SubjectOverride[]): SubjectOverride[] {
  const merged = new Map(current.map((o) => [o.subject, o.maxRequests]));
  for (const o of added) merged.set(o.subject, o.maxRequests);
  return [...merged].map(([subject, maxRequests]) => ({ subject, maxRequests }));
}

const SETTING_FIELDS: Array<keyof PolicySettings> = ['name', 'endpointType', 'customPath', 'maxRequests', 'windowSecs', 'enabled', 'overrides', 'failOpen'];

function changedFields(before: PolicySettings, after: PolicySettings): Array<keyof PolicySettings> {
  return SETTING_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
