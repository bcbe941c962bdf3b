import { DomainError } from '@qilbee/kernel';
import type { IdentityDeps } from '../deps';
import type { CallContext } from '../callContext';
import { commit } from '../commit';
import type { PublicEventSpec } from '../publicEvent';
import { apiKeyDecider, apiKeyStreamId } from '../../domain/apiKey/apiKeyDecider';
import { displayPrefix, formatKey } from '../../domain/apiKey/keyFormat';
import type { IssuedApiKey } from '../../domain/apiKey/apiKeyState';

export const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 86_400_000;

export interface IssueRequest {
  userId: string;
  name: string;
  permissions: string[];
  ownerPermissions: readonly string[];
  expiresAtMs: number | null;
  rotatedFromKeyId: string | null;
  /** The public event for this issue, or null when the issue is part of a rotation. */
  publicEvent: ((key: { keyId: string; prefix: string; name: string; expiresAtMs: number | null; permissions: string[] }) => PublicEventSpec) | null;
}

export function expiryFromDays(nowMs: number, days: number | undefined): number | null {
  if (days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    throw new DomainError('invalid_argument', `expires_in_days must be 1-${MAX_EXPIRY_DAYS}`, 'invalid_argument', [{ field: 'expires_in_days', message: 'out of range' }]);
  }
  return nowMs + days * DAY_MS;
}

/** Mints a secret, records only its keyed hash, and returns the secret exactly once. */
export async function issueApiKey(deps: IdentityDeps, ctx: CallContext, request: IssueRequest): Promise<{ secret: string; key: IssuedApiKey }> {
  const keyId = deps.ids.next();
  const secret = formatKey(deps.keyRandomness.randomPart());
  const prefix = displayPrefix(secret);
  const { state } = await commit(deps, {
    streamId: apiKeyStreamId(keyId),
    decider: apiKeyDecider,
    command: {
      type: 'IssueApiKey',
      keyId,
      userId: request.userId,
      name: request.name,
      prefix,
      secretHash: deps.keyHasher.hash(secret),
      permissions: request.permissions,
      ownerPermissions: request.ownerPermissions,
      expiresAtMs: request.expiresAtMs,
      rotatedFromKeyId: request.rotatedFromKeyId,
      atMs: deps.clock.nowMs(),
    },
    projection: deps.apiKeys,
    ctx,
    publicEvent: (events) => {
      const issued = events[0];
      if (!request.publicEvent || issued?.type !== 'ApiKeyIssued') return null;
      const { name, expiresAtMs, permissions } = issued.data;
      return request.publicEvent({ keyId, prefix, name, expiresAtMs, permissions });
    },
  });
  if (state.stage === 'Unissued') throw new Error('issued key has no state');
  return { secret, key: state };
}
