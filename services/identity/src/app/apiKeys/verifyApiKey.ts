import type { IdentityDeps } from '../deps';
import { keyStanding } from '../../domain/apiKey/apiKeyState';
import { isWellFormedKey } from '../../domain/apiKey/keyFormat';
import { loadPrincipal, narrowToKey, type Principal } from '../principals';
import type { CachedKey } from './apiKeyCache';

/** Every answer VerifyApiKey can give; a bad key is an outcome, never an exception. */
export type KeyOutcome =
  | { code: 'valid'; keyId: string; principal: Principal }
  | { code: 'not_found' }
  | { code: 'malformed' }
  | { code: 'revoked'; keyId: string }
  | { code: 'expired'; keyId: string }
  | { code: 'disabled_owner'; keyId: string };

async function fromDirectory(deps: IdentityDeps, hash: string): Promise<CachedKey | undefined> {
  const key = await deps.apiKeys.findBySecretHash(hash);
  if (!key) return undefined;
  return { key, owner: await loadPrincipal(deps, key.userId), loadedAtMs: deps.clock.nowMs() };
}

function load(deps: IdentityDeps, hash: string, nowMs: number): Promise<CachedKey | undefined> {
  return deps.cache.getOrLoad(hash, nowMs, () => fromDirectory(deps, hash));
}

/**
 * Shape and checksum first (a typo costs no database read), then the keyed hash, the cache or the
 * directory, the key's standing and its owner. An expired key noticed here gets its expiry event.
 */
export async function verifyApiKey(deps: IdentityDeps, key: string, onExpired: (keyId: string) => void): Promise<KeyOutcome> {
  if (!isWellFormedKey(key)) return { code: 'malformed' };
  const nowMs = deps.clock.nowMs();
  const entry = await load(deps, deps.keyHasher.hash(key), nowMs);
  if (!entry) return { code: 'not_found' };
  const keyId = entry.key.keyId;
  const standing = keyStanding(entry.key, nowMs);
  if (standing === 'expired') {
    if (entry.key.stage !== 'Expired') onExpired(keyId);
    return { code: 'expired', keyId };
  }
  if (standing === 'revoked') return { code: 'revoked', keyId };
  if (!entry.owner || !entry.owner.isActive) return { code: 'disabled_owner', keyId };
  deps.usageBuffer.touch(keyId, nowMs);
  return { code: 'valid', keyId, principal: narrowToKey(entry.owner, keyId, entry.key.permissions) };
}
