import { createHash } from 'node:crypto';
import { identityV1 } from '@qilbee/contracts';
import { isDomainError, type Clock } from '@qilbee/kernel';
import type { IdentityPort } from './ports';

const Outcome = identityV1.VerifyApiKeyResponse_Outcome;

export interface VerifiedKey {
  keyId: string;
  principal: identityV1.Principal;
}

export type KeyVerdict =
  | { kind: 'valid'; key: VerifiedKey; cached: boolean }
  | { kind: 'invalid'; reason: 'invalid_api_key' | 'api_key_revoked' | 'api_key_expired'; detail: string }
  | { kind: 'unavailable'; detail: string };

export interface ApiKeyVerifierOptions {
  /** How long a verification is reused without asking identity (revocation events cut it short). */
  ttlMs: number;
  /** While identity is down, a cached verification keeps working this long after it was made. */
  staleIfUnavailableMs: number;
  maxEntries: number;
}

function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

interface Entry {
  key: VerifiedKey;
  verifiedAtMs: number;
}

/**
 * API-key verification through identity with a short cache keyed by a hash of the secret (the
 * secret itself is never kept). Revocation, rotation, expiry and owner deactivation events evict
 * entries; when identity is down, cached keys still work and new ones are answered 503.
 */
export class ApiKeyVerifier {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<KeyVerdict>>();

  constructor(
    private readonly identity: Pick<IdentityPort, 'verifyApiKey'>,
    private readonly clock: Clock,
    private readonly options: ApiKeyVerifierOptions,
  ) {}

  async verify(secret: string): Promise<KeyVerdict> {
    const digest = digestOf(secret);
    const entry = this.entries.get(digest);
    if (entry && this.clock.nowMs() - entry.verifiedAtMs < this.options.ttlMs) return { kind: 'valid', key: entry.key, cached: true };
    let pending = this.inflight.get(digest);
    if (!pending) {
      pending = this.ask(secret, digest, entry).finally(() => this.inflight.delete(digest));
      this.inflight.set(digest, pending);
    }
    return pending;
  }

  /** Forgets the verification of one secret (the caller rotated it away). */
  evictSecret(secret: string): void {
    this.entries.delete(digestOf(secret));
  }

  evictKey(keyId: string): void {
    for (const [digest, entry] of this.entries) if (entry.key.keyId === keyId) this.entries.delete(digest);
  }

  evictUser(userId: string): void {
    for (const [digest, entry] of this.entries) if (entry.key.principal.userId === userId) this.entries.delete(digest);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private async ask(secret: string, digest: string, stale: Entry | undefined): Promise<KeyVerdict> {
    let response: identityV1.VerifyApiKeyResponse;
    try {
      response = await this.identity.verifyApiKey({ key: secret });
    } catch (error) {
      if (isDomainError(error) && error.code !== 'unavailable') throw error;
      if (stale && this.clock.nowMs() - stale.verifiedAtMs < this.options.staleIfUnavailableMs) return { kind: 'valid', key: stale.key, cached: true };
      return { kind: 'unavailable', detail: 'API key verification is temporarily unavailable' };
    }
    if (response.outcome === Outcome.OUTCOME_VALID && response.principal) {
      const key = { keyId: response.keyId || response.principal.apiKeyId, principal: response.principal };
      this.remember(digest, key);
      return { kind: 'valid', key, cached: false };
    }
    this.entries.delete(digest);
    if (response.outcome === Outcome.OUTCOME_REVOKED) return { kind: 'invalid', reason: 'api_key_revoked', detail: 'API key has been revoked' };
    if (response.outcome === Outcome.OUTCOME_EXPIRED) return { kind: 'invalid', reason: 'api_key_expired', detail: 'API key has expired' };
    return { kind: 'invalid', reason: 'invalid_api_key', detail: 'Invalid API key' };
  }

  private remember(digest: string, key: VerifiedKey): void {
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(digest);
    this.entries.set(digest, { key, verifiedAtMs: this.clock.nowMs() });
  }
}
