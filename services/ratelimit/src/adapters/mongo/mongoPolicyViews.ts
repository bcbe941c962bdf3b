import type { Db } from 'mongodb';
import { ReadModel, type EventStore, type ProjectionSweeper } from '@qilbee/event-store';
import type { PolicyRecord } from '../../domain/policy';
import { policyDecider, type PolicyState } from '../../domain/policyDecider';
import type { PolicyEvent } from '../../domain/policyEvents';
import type { LoadedPolicy } from '../../domain/policyResolution';
import { POLICY_STREAM_PREFIX, policyStreamId } from '../../app/managePolicies';
import type { PolicyViews } from '../../app/ports';

type PolicyView = PolicyRecord & { deleted?: boolean };

/** The policy read model in the document store: one versioned view per policy stream. */
export function policyReadModel(db: Db, store: EventStore): ReadModel<PolicyEvent, PolicyState, PolicyView> {
  return new ReadModel<PolicyEvent, PolicyState, PolicyView>(db, store, {
    collection: 'rate_limit_policies',
    streamPrefix: POLICY_STREAM_PREFIX,
    decider: policyDecider,
    toView: (_streamId, state) => (state.status === 'active' ? { ...state.policy } : null),
  });
}

export class MongoPolicyViews implements PolicyViews {
  constructor(
    private readonly model: ReadModel<PolicyEvent, PolicyState, PolicyView>,
    private readonly sweeper?: ProjectionSweeper,
  ) {}

  async project(policyId: string, state: PolicyState, version: number): Promise<void> {
    const streamId = policyStreamId(policyId);
    await this.model.project(streamId, state, version);
    // Each policy command appends one event, so the commit's first version is `version`.
    await this.sweeper?.markProjected(streamId, version);
  }

  async list(): Promise<LoadedPolicy[]> {
    const docs = await this.model.views.find({ deleted: { $ne: true } } as never).toArray();
    return docs.map(toLoaded).sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1));
  }

  async get(policyId: string): Promise<LoadedPolicy | undefined> {
    const doc = await this.model.views.findOne({ _id: policyStreamId(policyId) } as never);
    return doc && !(doc as PolicyView).deleted ? toLoaded(doc) : undefined;
  }
}

function toLoaded(doc: PolicyView & { _id: string; version: number }): LoadedPolicy {
  return {
    id: doc.id,
    name: doc.name,
    endpointType: doc.endpointType,
    customPath: doc.customPath,
    maxRequests: doc.maxRequests,
    windowSecs: doc.windowSecs,
    enabled: doc.enabled,
    overrides: doc.overrides ?? [],
    failOpen: doc.failOpen,
    createdAtMs: doc.createdAtMs,
    updatedAtMs: doc.updatedAtMs,
    createdBy: doc.createdBy,
    revision: doc.version,
  };
}
