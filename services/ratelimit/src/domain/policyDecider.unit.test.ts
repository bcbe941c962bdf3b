import { DomainError } from '@qilbee/kernel';
import type { PolicyInput } from './policy';
import { decidePolicy, evolvePolicy, initialPolicyState, type PolicyCommand, type PolicyState } from './policyDecider';
import type { PolicyEvent } from './policyEvents';

const T0 = Date.UTC(2026, 0, 1);
const ID = '01900000-0000-7000-8000-000000000abc';
const valid: PolicyInput = { name: 'API', endpointType: 'GeneralApi', customPath: '', maxRequests: 10, windowSecs: 60, enabled: true, overrides: [], failOpen: true };

function given(...events: PolicyEvent[]): PolicyState {
  return events.reduce(evolvePolicy, initialPolicyState);
}
const create = (input: Partial<PolicyInput> = {}): PolicyCommand => ({ type: 'CreatePolicy', id: ID, input: { ...valid, ...input }, createdBy: 'admin', nowMs: T0 });
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('expected a DomainError');
}

describe('Policy decider', () => {
  it('create: a valid policy is created with its timestamps', () => {
    const events = decidePolicy(create({ name: '  API  ' }), given());
    expect(events).toEqual([{ type: 'RateLimitPolicyCreated', data: { policy: expect.objectContaining({ id: ID, name: 'API', createdAtMs: T0, updatedAtMs: T0 }) } }]);
  });

  it('create: every failed field is listed, not only the first', () => {
    const error = thrown(() => decidePolicy(create({ name: ' ', endpointType: 'Sometimes', maxRequests: 0, windowSecs: 0 }), given()));
    expect(error.code).toBe('invalid_argument');
    expect(error.violations.map((v) => v.field)).toEqual(['name', 'endpoint_type', 'max_requests', 'window_secs']);
  });

  it('create: Custom needs a path starting with / and other types must not carry one', () => {
    expect(thrown(() => decidePolicy(create({ endpointType: 'Custom', customPath: 'api/x' }), given())).violations.map((v) => v.field)).toEqual(['custom_path']);
    expect(thrown(() => decidePolicy(create({ customPath: '/x' }), given())).violations.map((v) => v.field)).toEqual(['custom_path']);
    const [event] = decidePolicy(create({ endpointType: 'Custom', customPath: '/api/x/' }), given());
    expect(event?.type === 'RateLimitPolicyCreated' && event.data.policy.customPath).toBe('/api/x');
  });

  it('create: limits on sizes keep the bucket math exact', () => {
    const error = thrown(() => decidePolicy(create({ maxRequests: 1_000_001, windowSecs: 7 * 86400 + 1, overrides: [{ subject: '', maxRequests: 0 }] }), given()));
    expect(error.violations.map((v) => v.field)).toEqual(['max_requests', 'window_secs', 'overrides[]', 'overrides[]']);
  });

  it('create twice: already exists', () => {
    const created = decidePolicy(create(), given());
    expect(thrown(() => decidePolicy(create(), given(...created))).code).toBe('already_exists');
  });

  it('update: only given fields change, overrides merge, and the change names its fields', () => {
    const state = given(...decidePolicy(create({ overrides: [{ subject: 'user:a', maxRequests: 50 }] }), given()));
    const events = decidePolicy({ type: 'UpdatePolicy', changes: { maxRequests: 20 }, overrides: [{ subject: 'user:b', maxRequests: 5 }], replaceOverrides: false, nowMs: T0 + 1 }, state);
    expect(events).toEqual([
      {
        type: 'RateLimitPolicyUpdated',
        data: {
          settings: expect.objectContaining({ maxRequests: 20, name: 'API', overrides: [{ subject: 'user:a', maxRequests: 50 }, { subject: 'user:b', maxRequests: 5 }] }),
          changed: ['maxRequests', 'overrides'],
          updatedAtMs: T0 + 1,
        },
      },
    ]);
  });

  it('update: nothing changed, nothing recorded', () => {
    const state = given(...decidePolicy(create(), given()));
    expect(decidePolicy({ type: 'UpdatePolicy', changes: { maxRequests: 10 }, overrides: [], replaceOverrides: false, nowMs: T0 }, state)).toEqual([]);
  });

  it('update: invalid values are rejected with violations', () => {
    const state = given(...decidePolicy(create(), given()));
    const error = thrown(() => decidePolicy({ type: 'UpdatePolicy', changes: { windowSecs: 0, name: '' }, overrides: [], replaceOverrides: false, nowMs: T0 }, state));
    expect(error.violations.map((v) => v.field)).toEqual(['name', 'window_secs']);
  });

  it('delete: then it is gone for update, delete and re-create', () => {
    const created = decidePolicy(create(), given());
    const deleted = decidePolicy({ type: 'DeletePolicy', nowMs: T0 }, given(...created));
    const state = given(...created, ...deleted);
    expect(state.status).toBe('deleted');
    expect(thrown(() => decidePolicy({ type: 'DeletePolicy', nowMs: T0 }, state)).code).toBe('not_found');
    expect(thrown(() => decidePolicy({ type: 'UpdatePolicy', changes: {}, overrides: [], replaceOverrides: false, nowMs: T0 }, state)).code).toBe('not_found');
    expect(thrown(() => decidePolicy(create(), state)).code).toBe('already_exists');
  });
});
