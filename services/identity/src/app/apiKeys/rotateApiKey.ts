import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { keyPermissionsFor, type Actor } from '../actor';
import { commit } from '../commit';
import { apiKeyDecider, apiKeyStreamId, decideApiKey } from '../../domain/apiKey/apiKeyDecider';
import { isWellFormedKey } from '../../domain/apiKey/keyFormat';
import type { IssuedApiKey } from '../../domain/apiKey/apiKeyState';
import { expiryFromDays, issueApiKey } from './issueApiKey';
import { toApiKeyView, type ApiKeyView } from './apiKeyView';

export interface RotateApiKeyInput {
  currentKey: string;
  newName?: string;
  expiresInDays?: number;
  gracePeriodSeconds: number;
}

async function ownedKey(deps: IdentityDeps, actor: Actor, secret: string): Promise<IssuedApiKey> {
  const key = isWellFormedKey(secret) ? await deps.apiKeys.findBySecretHash(deps.keyHasher.hash(secret)) : null;
  // Rotation proves possession of the secret AND ownership: even an admin cannot rotate another's key.
  if (!key || key.userId !== actor.userId) throw new DomainError('not_found', 'API key not found', 'api_key_not_found');
  return key;
}

/** The old key's permissions, within what the owner may still do (a key never grows). */
function carriedPermissions(old: IssuedApiKey, owner: ReadonlySet<string>): string[] {
  if (old.permissions.length === 0) return [];
  const kept = old.permissions.filter((p) => owner.has(p));
  if (kept.length === 0) throw new DomainError('permission_denied', 'The owner no longer holds any of this key\'s permissions', 'permissions_exceed_owner');
  return kept;
}

/** Same lifetime as the old key had, counted from now, unless a new one is asked for. */
function carriedExpiry(old: IssuedApiKey, nowMs: number, days: number | undefined): number | null {
  if (days !== undefined) return expiryFromDays(nowMs, days);
  return old.expiresAtMs === null ? null : nowMs + (old.expiresAtMs - old.createdAtMs);
}

/**
 * Issues the successor first (no public event), then marks the old key rotated with the one
 * `api_key_rotated` event. If the second step loses a race (the old key was revoked or rotated
 * meanwhile) the successor is revoked again, silently: nobody ever saw its secret.
 */
export async function rotateApiKey(deps: IdentityDeps, actor: Actor, ctx: CallContext, input: RotateApiKeyInput): Promise<{ secret: string; view: ApiKeyView }> {
  const old = await ownedKey(deps, actor, input.currentKey);
  const nowMs = deps.clock.nowMs();
  const graceMs = Math.max(0, input.gracePeriodSeconds) * 1000;
  decideApiKey({ type: 'RotateApiKey', replacedByKeyId: 'dry-run', graceMs, atMs: nowMs }, old);
  const successor = await issueApiKey(deps, ctx, {
    userId: actor.userId,
    name: input.newName?.trim() || old.name,
    permissions: keyPermissionsFor(actor, carriedPermissions(old, actor.permissions)),
    ownerPermissions: [...actor.permissions],
    expiresAtMs: carriedExpiry(old, nowMs, input.expiresInDays),
    rotatedFromKeyId: old.keyId,
    publicEvent: null,
  });
  try {
    await commit(deps, {
      streamId: apiKeyStreamId(old.keyId),
      decider: apiKeyDecider,
      command: { type: 'RotateApiKey', replacedByKeyId: successor.key.keyId, graceMs, atMs: nowMs },
      projection: deps.apiKeys,
      ctx,
      publicEvent: (events) => {
        const rotated = events[0];
        const graceUntilMs = rotated?.type === 'ApiKeyRotated' ? rotated.data.graceUntilMs : nowMs;
        return {
          eventType: 'api_key_rotated',
          action: 'rotate_api_key',
          subject: old.keyId,
          resource: `api_key:${old.keyId}`,
          metadata: { key_id: old.keyId, new_key_id: successor.key.keyId, owner_user_id: old.userId, grace_expires_at: new Date(graceUntilMs).toISOString() },
        };
      },
    });
  } catch (error) {
    await commit(deps, {
      streamId: apiKeyStreamId(successor.key.keyId),
      decider: apiKeyDecider,
      command: { type: 'RevokeApiKey', reason: 'rotation_aborted', atMs: deps.clock.nowMs() },
      projection: deps.apiKeys,
      ctx,
      publicEvent: () => null,
    }).catch((undo: unknown) => deps.logger.error({ err: undo, keyId: successor.key.keyId }, 'could not revoke the successor of an aborted rotation'));
    throw error;
  }
  deps.cache.invalidateKey(old.keyId);
  return { secret: successor.secret, view: toApiKeyView(successor.key, nowMs) };
}
