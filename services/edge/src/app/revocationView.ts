import type { Clock } from '@qilbee/kernel';

/** One revocation fact, as auth publishes it and ListRevocations returns it. */
export type RevocationFact =
  | { kind: 'token'; jti: string; expiresAtSeconds: number }
  | { kind: 'user'; userId: string; notBeforeMs: number };

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * When a token was issued, in ms: auth's jti is a UUIDv7 whose time is the issue time, precise
 * enough that a revoke-all kills older tokens but not one issued a few ms later in the same
 * second (the same rule as auth's). Falls back to `iat` when the jti disagrees with it.
 */
export function issuedAtMs(jti: string, iatSeconds: number): number {
  if (UUID_V7.test(jti)) {
    const ms = parseInt(jti.replace(/-/g, '').slice(0, 12), 16);
    if (Math.abs(ms - iatSeconds * 1000) < 1000) return ms;
  }
  return iatSeconds * 1000;
}

/**
 * The live view of revoked tokens that lets the edge verify JWTs locally: revoked token ids (kept
 * until the token would have expired anyway) and per-user not-before instants (revoke-all).
 */
export class RevocationView {
  private readonly tokens = new Map<string, number>();
  private readonly users = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  apply(fact: RevocationFact): void {
    if (fact.kind === 'token') {
      const known = this.tokens.get(fact.jti) ?? 0;
      this.tokens.set(fact.jti, Math.max(known, fact.expiresAtSeconds));
    } else {
      const known = this.users.get(fact.userId) ?? 0;
      this.users.set(fact.userId, Math.max(known, fact.notBeforeMs));
    }
  }

  /** A token is revoked by its id, or when issued before its user's not-before instant. */
  isRevoked(claims: { jti: string; sub: string; iatSeconds: number }): boolean {
    if (this.tokens.has(claims.jti)) return true;
    const notBeforeMs = this.users.get(claims.sub);
    return notBeforeMs !== undefined && issuedAtMs(claims.jti, claims.iatSeconds) < notBeforeMs;
  }

  /** Forgets token ids whose tokens expired: they can no longer verify anyway. */
  prune(): void {
    const nowSeconds = Math.floor(this.clock.nowMs() / 1000);
    for (const [jti, expiresAt] of this.tokens) if (expiresAt < nowSeconds) this.tokens.delete(jti);
  }

  get size(): number {
    return this.tokens.size + this.users.size;
  }
}
