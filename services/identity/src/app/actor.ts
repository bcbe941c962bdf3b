import { DomainError } from '@qilbee/kernel';
import { PERMISSIONS, type Permission } from '@qilbee/rbac';
import type { IdentityDeps } from './deps';
import type { CallContext } from './callContext';
import { keyStanding } from '../domain/apiKey/apiKeyState';
import { loadPrincipal, narrowToKey, type Principal } from './principals';

/**
 * The caller of a command, resolved from RequestContext.actor_user_id. The edge checks the route's
 * permission; identity checks ownership and the finer rules again here (defence in depth).
 */
export interface Actor {
  userId: string;
  username: string;
  permissions: ReadonlySet<Permission>;
  isSystem: boolean;
  /**
   * True when the caller acts through an API key restricted to a permission subset: what it
   * creates must stay within `permissions`, never fall back to "everything the owner has".
   */
  scopedByKey: boolean;
}

/** The bootstrap and the expiry sweeper act as the system: every permission, no user. */
export const SYSTEM_ACTOR: Actor = { userId: '', username: 'system', permissions: new Set(PERMISSIONS), isSystem: true, scopedByKey: false };

function unauthenticated(message: string, reason: string): DomainError {
  return new DomainError('unauthenticated', message, reason);
}

export async function resolveActor(deps: IdentityDeps, ctx: CallContext): Promise<Actor> {
  if (!ctx.actorUserId) throw unauthenticated('The request names no actor', 'missing_actor');
  const principal = await loadPrincipal(deps, ctx.actorUserId);
  if (!principal || !principal.isActive) throw unauthenticated('The acting user is unknown or disabled', 'actor_inactive');
  const acting = ctx.actorApiKeyId ? await narrowByKey(deps, principal, ctx.actorApiKeyId) : { principal, scoped: false };
  const { userId, username, permissions } = acting.principal;
  return { userId, username, permissions: new Set(permissions), isSystem: false, scopedByKey: acting.scoped };
}

/** An actor using an API key may do only what the key may do. */
async function narrowByKey(deps: IdentityDeps, principal: Principal, keyId: string): Promise<{ principal: Principal; scoped: boolean }> {
  const key = await deps.apiKeys.get(keyId);
  if (!key || key.userId !== principal.userId || keyStanding(key, deps.clock.nowMs()) !== 'valid') {
    throw unauthenticated('The acting API key is not valid', 'actor_key_invalid');
  }
  return { principal: narrowToKey(principal, keyId, key.permissions), scoped: key.permissions.length > 0 };
}

/**
 * The permissions of a key the actor creates or rotates, where `requested` empty means "all of
 * the owner's". A caller acting through a scoped key gets its own scope instead: otherwise an
 * AuditRead-only key could mint a key with every permission of its owner.
 */
export function keyPermissionsFor(actor: Actor, requested: readonly string[]): string[] {
  return requested.length === 0 && actor.scopedByKey ? [...actor.permissions] : [...requested];
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new DomainError('permission_denied', `Requires the ${permission} permission`, 'permission_denied', [], { required_permission: permission });
}

export function isSelf(actor: Actor, userId: string): boolean {
  return !actor.isSystem && actor.userId === userId;
}

/** Self, or someone holding `permission` over other users. */
export function requireSelfOr(actor: Actor, userId: string, permission: Permission): void {
  if (!isSelf(actor, userId)) requirePermission(actor, permission);
}
