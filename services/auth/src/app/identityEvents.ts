import type { RevokeAllReason } from '../domain/userTokens/userTokens';
import type { AuthDeps } from './authDeps';
import { SYSTEM_CONTEXT } from './requestContext';
import { revokeAllForUser } from './revokeAllForUser';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface IdentityRevocationTrigger {
  eventId: string;
  userId: string;
  reason: RevokeAllReason;
  atMs: number;
}

/**
 * Which identity events end a user's sessions: password changed, deactivated (user_updated with
 * metadata.is_active === false), deleted, roles changed. Everything else is ignored.
 */
export function revocationTriggerOf(value: string | null): IdentityRevocationTrigger | undefined {
  if (value === null) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isObject(event) || !isObject(event.data)) return undefined;
  const data = event.data;
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const reason = reasonFor(String(data.event_type), metadata);
  if (!reason) return undefined;
  const fromResource = typeof data.resource === 'string' && data.resource.startsWith('user:') ? data.resource.slice(5) : undefined;
  const userId = typeof metadata.target_user_id === 'string' ? metadata.target_user_id : fromResource;
  const eventId = typeof event.id === 'string' ? event.id : typeof data.event_id === 'string' ? data.event_id : undefined;
  if (!userId || !eventId) return undefined;
  const parsed = typeof data.timestamp === 'string' ? Date.parse(data.timestamp) : NaN;
  return { eventId, userId, reason, atMs: Number.isNaN(parsed) ? Date.now() : parsed };
}

function reasonFor(eventType: string, metadata: Json): RevokeAllReason | undefined {
  switch (eventType) {
    case 'user_password_changed':
      return 'password_changed';
    case 'user_deleted':
      return 'user_deleted';
    case 'role_assigned':
      return 'roles_changed';
    case 'user_updated':
      return metadata.is_active === false ? 'user_deactivated' : undefined;
    default:
      return undefined;
  }
}

/**
 * Applies a chunk of security.identity.v1 records. The not-before is the identity event's own
 * time, so a late or redelivered event never kills tokens issued after the change, and the user's
 * aggregate skips an event id it already applied (idempotent).
 */
export async function handleIdentityEvents(deps: AuthDeps, values: Array<string | null>): Promise<number> {
  let applied = 0;
  for (const value of values) {
    const trigger = revocationTriggerOf(value);
    if (!trigger) continue;
    await revokeAllForUser(deps, trigger.userId, trigger.reason, SYSTEM_CONTEXT, { notBeforeMs: trigger.atMs, causationId: trigger.eventId });
    applied += 1;
  }
  return applied;
}
