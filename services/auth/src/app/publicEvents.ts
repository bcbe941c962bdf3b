import { TOPICS, toCloudEvent, type AuditResult, type SecurityEventType } from '@qilbee/contracts';
import type { Publication } from '@qilbee/event-store';
import { uuidv7 } from '@qilbee/kernel';
import type { RevocationFact } from '@qilbee/tokens';
import type { RequestContext } from './requestContext';

export interface PublicEventInput {
  type: SecurityEventType;
  atMs: number;
  context: RequestContext;
  /** Record key and CloudEvent subject: a user id, an IP, a username or a key id. */
  subject: string;
  action: string;
  resource: string | null;
  result: AuditResult;
  /** The actor when it is not the request's (e.g. the user who just logged in). */
  actor?: { userId: string | null; username: string | null };
  metadata?: Record<string, unknown>;
}

/**
 * A security.auth.v1 record in its public shape. Callers pass only ids, counts and reasons:
 * tokens, refresh tokens, passwords and key material never go into `metadata`.
 */
export function publicEvent(input: PublicEventInput): Publication {
  const eventId = uuidv7(input.atMs);
  const actor = input.actor ?? { userId: input.context.actorUserId || null, username: input.context.actorUsername || null };
  const event = toCloudEvent('auth', input.subject, {
    event_id: eventId,
    event_type: input.type,
    timestamp: new Date(input.atMs).toISOString(),
    user_id: actor.userId,
    username: actor.username,
    action: input.action,
    resource: input.resource,
    result: input.result,
    ip_address: input.context.ipAddress || null,
    user_agent: input.context.userAgent || null,
    metadata: { request_id: input.context.requestId || null, ...(input.metadata ?? {}) },
  });
  return { topic: TOPICS.auth, key: input.subject, value: JSON.stringify(event), eventId };
}

/** The wire form of revocation facts (api-contract conventions: unix seconds, plus ms). */
export function revocationMetadata(facts: RevocationFact[]): Record<string, unknown> {
  const wire = facts.map((fact) =>
    fact.kind === 'token'
      ? { jti: fact.jti, expires_at: Math.ceil(fact.expiresAtMs / 1000) }
      : { user_id: fact.userId, not_before: Math.ceil(fact.notBeforeMs / 1000), not_before_ms: fact.notBeforeMs },
  );
  return wire.length === 0 ? {} : { revocation: wire[0], revocations: wire };
}
