import type { commonV1, ratelimitV1 } from '@qilbee/contracts';
import type { EventMetadata } from '@qilbee/event-store';
import { toRfc3339 } from '@qilbee/kernel';
import type { PolicyInput, SubjectOverride } from '../../domain/policy';
import type { LoadedPolicy } from '../../domain/policyResolution';
import type { PolicyUpdate } from '../../app/managePolicies';

/** Translation only: protobuf messages <-> application types. */
export function toProtoPolicy(policy: LoadedPolicy): ratelimitV1.Policy {
  return {
    id: policy.id,
    name: policy.name,
    endpointType: policy.endpointType,
    customPath: policy.customPath,
    maxRequests: policy.maxRequests,
    windowSecs: policy.windowSecs,
    enabled: policy.enabled,
    createdAt: toRfc3339(policy.createdAtMs),
    updatedAt: toRfc3339(policy.updatedAtMs),
    overrides: Object.fromEntries(policy.overrides.map((o) => [o.subject, o.maxRequests])),
    failOpen: policy.failOpen,
  };
}

export function toPolicyInput(request: ratelimitV1.CreatePolicyRequest): PolicyInput {
  return {
    name: request.name,
    endpointType: request.endpointType,
    customPath: request.customPath,
    maxRequests: request.maxRequests,
    windowSecs: request.windowSecs,
    enabled: request.enabled ?? true,
    overrides: toOverrides(request.overrides),
    failOpen: request.failOpen ?? true,
  };
}

export function toPolicyUpdate(request: ratelimitV1.UpdatePolicyRequest): PolicyUpdate {
  const changes: PolicyUpdate['changes'] = {};
  if (request.name !== undefined) changes.name = request.name;
  if (request.endpointType !== undefined) changes.endpointType = request.endpointType;
  if (request.customPath !== undefined) changes.customPath = request.customPath;
  if (request.maxRequests !== undefined) changes.maxRequests = request.maxRequests;
  if (request.windowSecs !== undefined) changes.windowSecs = request.windowSecs;
  if (request.enabled !== undefined) changes.enabled = request.enabled;
  if (request.failOpen !== undefined) changes.failOpen = request.failOpen;
  return { changes, overrides: toOverrides(request.overrides), replaceOverrides: request.replaceOverrides };
}

function toOverrides(map: { [key: string]: number }): SubjectOverride[] {
  return Object.entries(map).map(([subject, maxRequests]) => ({ subject, maxRequests }));
}

export function toMetadata(context: commonV1.RequestContext | undefined): EventMetadata {
  if (!context) return {};
  return {
    requestId: context.requestId,
    actorUserId: context.actorUserId,
    actorUsername: context.actorUsername,
    ipAddress: context.ipAddress,
    userAgent: context.userAgent,
    actorApiKeyId: context.actorApiKeyId,
  };
}
