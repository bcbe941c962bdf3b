import { issuedAtMs, type AccessTokenClaims } from './accessTokenClaims';

/** A revocation fact, as published on security.auth.v1 and as stored by the auth service. */
export type RevocationFact = { kind: 'token'; jti: string; expiresAtMs: number } | { kind: 'user'; userId: string; notBeforeMs: number };

/**
 * The in-memory set of revoked token ids and per-user not-befores that every validating process
 * keeps. It only grows by facts (idempotent, order-free), so it can be fed from the store and from
 * Kafka at once; token entries are dropped once the token would have expired anyway.
 */
export class RevocationView {
  private readonly tokens = new Map<string, number>();
  private readonly users = new Map<string, number>();

  apply(fact: RevocationFact): void {
    if (fact.kind === 'token') {
      const known = this.tokens.get(fact.jti);
      if (known === undefined || known < fact.expiresAtMs) this.tokens.set(fact.jti, fact.expiresAtMs);
    } else {
      const known = this.users.get(fact.userId);
      if (known === undefined || known < fact.notBeforeMs) this.users.set(fact.userId, fact.notBeforeMs);
    }
  }

  applyAll(facts: Iterable<RevocationFact>): void {
    for (const fact of facts) this.apply(fact);
  }

  isTokenRevoked(jti: string): boolean {
    return this.tokens.has(jti);
  }

  userNotBeforeMs(userId: string): number | undefined {
    return this.users.get(userId);
  }

  /** True when the token's id was revoked or it was issued before its user's not-before. */
  isRevoked(claims: Pick<AccessTokenClaims, 'jti' | 'iat' | 'sub'>): boolean {
    if (this.tokens.has(claims.jti)) return true;
    const notBeforeMs = this.users.get(claims.sub);
    return notBeforeMs !== undefined && issuedAtMs(claims) < notBeforeMs;
  }

  /** Drops token entries whose token has expired (a revocation of an expired token is moot). */
  pruneExpired(nowMs: number): number {
    let removed = 0;
    for (const [jti, expiresAtMs] of this.tokens) {
      if (expiresAtMs <= nowMs) {
        this.tokens.delete(jti);
        removed += 1;
      }
    }
    return removed;
  }

  get size(): { tokens: number; users: number } {
    return { tokens: this.tokens.size, users: this.users.size };
  }
}
