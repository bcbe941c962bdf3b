import type { Publication } from '@qilbee/event-store';
import { TOPICS, toCloudEvent, type AuditFields, type SecurityEventType } from '@qilbee/contracts';
import type { CallContext } from './callContext';

export const SERVICE_NAME = 'identity';

/** What a command tells the world, before it is wrapped in the CloudEvents envelope. */
export interface PublicEventSpec {
  eventType: SecurityEventType;
  action: string;
  /** Record key and CloudEvents subject: the target user id, key id or role name. */
  subject: string;
  resource: string;
  /** Never a secret or a hash: ids, names, flags. */
  metadata: Record<string, unknown>;
}

/** Builds the outbox record for one public event on security.identity.v1. */
export function toPublication(spec: PublicEventSpec, ctx: CallContext, eventId: string, nowMs: number): Publication {
  const metadata: Record<string, unknown> = { ...spec.metadata };
  if (ctx.requestId) metadata.request_id = ctx.requestId;
  if (ctx.actorApiKeyId) metadata.actor_api_key_id = ctx.actorApiKeyId;
  const fields: AuditFields = {
    event_id: eventId,
    event_type: spec.eventType,
    timestamp: new Date(nowMs).toISOString(),
    user_id: ctx.actorUserId || null,
    username: ctx.actorUsername || null,
    action: spec.action,
    resource: spec.resource,
    result: 'success',
    ip_address: ctx.ipAddress || null,
    user_agent: ctx.userAgent || null,
    metadata,
  };
  return { topic: TOPICS.identity, key: spec.subject, value: JSON.stringify(toCloudEvent(SERVICE_NAME, spec.subject, fields)), eventId };
}
