import { TOPICS, toCloudEvent, type AuditFields } from '@qilbee/contracts';
import type { EventMetadata, Publication } from '@qilbee/event-store';
import { toRfc3339 } from '@qilbee/kernel';
import type { PolicyRecord } from '../domain/policy';
import { PUBLIC_EVENT_TYPE, type PolicyEvent } from '../domain/policyEvents';

export const SERVICE_NAME = 'ratelimit';

/** The public view of a policy inside event metadata (QilbeeDB field names). */
export function policyMetadata(policy: PolicyRecord): Record<string, unknown> {
  return {
    policy_id: policy.id,
    name: policy.name,
    endpoint_type: policy.endpointType === 'Custom' ? { Custom: policy.customPath } : policy.endpointType,
    max_requests: policy.maxRequests,
    window_secs: policy.windowSecs,
    enabled: policy.enabled,
    fail_open: policy.failOpen,
    // A list, not {subject: limit}: subjects such as `ip:10.0.0.7` contain dots, which MongoDB-wire
    // stores (the audit log) refuse as field names.
    overrides: policy.overrides.map((o) => ({ subject: o.subject, max_requests: o.maxRequests })),
  };
}

/** The outbox record for a policy change; the actor comes from the command's RequestContext. */
export function policyPublication(event: PolicyEvent, policy: PolicyRecord, eventId: string, atMs: number, meta: EventMetadata): Publication {
  const extra = event.type === 'RateLimitPolicyUpdated' ? { changed: event.data.changed.map(snakeCase) } : {};
  const data: AuditFields = {
    event_id: eventId,
    event_type: PUBLIC_EVENT_TYPE[event.type],
    timestamp: toRfc3339(atMs),
    user_id: meta.actorUserId || null,
    username: meta.actorUsername || null,
    action: PUBLIC_EVENT_TYPE[event.type],
    resource: `rate_limit_policy:${policy.id}`,
    result: 'success',
    ip_address: meta.ipAddress || null,
    user_agent: meta.userAgent || null,
    metadata: { ...policyMetadata(policy), ...extra, request_id: meta.requestId || null },
  };
  return { topic: TOPICS.ratelimit, key: policy.id, value: JSON.stringify(toCloudEvent(SERVICE_NAME, policy.id, data)), eventId };
}

function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Splits `ip:1.2.3.4` into its kind and value; a subject without a kind is its own value. */
export function parseSubject(subject: string): { kind: string; value: string } {
  const cut = subject.indexOf(':');
  return cut <= 0 ? { kind: '', value: subject } : { kind: subject.slice(0, cut), value: subject.slice(cut + 1) };
}
