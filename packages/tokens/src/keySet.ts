import { importJWK, type JWK, type KeyLike } from 'jose';
import { ALLOWED_ALGORITHMS, type AllowedAlgorithm } from './accessTokenClaims';

export interface VerificationKey {
  kid: string;
  alg: AllowedAlgorithm;
  key: KeyLike | Uint8Array;
}

/** Where verifiers get public keys by `kid`. Never takes a key from the token itself. */
export interface KeySetProvider {
  /** The key, or undefined when no published key has this id (after one refresh at most). */
  keyFor(kid: string): VerificationKey | undefined | Promise<VerificationKey | undefined>;
}

export interface JwksDocument {
  keys: JWK[];
}

function isAllowed(alg: unknown): alg is AllowedAlgorithm {
  return (ALLOWED_ALGORITHMS as readonly unknown[]).includes(alg);
}

/**
 * A key set built from a JWKS document (served by auth's GetJwks / /.well-known/jwks.json). Keys
 * are imported once; an unknown kid triggers a reload (at most once per `cooldownMs`), which is how
 * a verifier learns about a rotation made by another instance. Symmetric or unlisted algorithms in
 * the document are ignored, so an `oct` key can never verify an HS256 token.
 */
export class JwksKeySet implements KeySetProvider {
  private keys = new Map<string, VerificationKey>();
  private lastLoadMs = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly loadJwks: () => Promise<JwksDocument>,
    private readonly options: { cooldownMs?: number; nowMs?: () => number } = {},
  ) {}

  keyFor(kid: string): VerificationKey | undefined | Promise<VerificationKey | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    const nowMs = (this.options.nowMs ?? Date.now)();
    if (nowMs - this.lastLoadMs < (this.options.cooldownMs ?? 1000)) return undefined;
    return this.reload().then(() => this.keys.get(kid));
  }

  /** Replaces the key set with the current document (also called when a rotation is announced). */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.lastLoadMs = (this.options.nowMs ?? Date.now)();
    const document = await this.loadJwks();
    const next = new Map<string, VerificationKey>();
    for (const jwk of document.keys) {
      if (typeof jwk.kid !== 'string' || !isAllowed(jwk.alg) || jwk.kty === 'oct') continue;
      const existing = this.keys.get(jwk.kid);
      next.set(jwk.kid, existing ?? { kid: jwk.kid, alg: jwk.alg, key: await importJWK(jwk, jwk.alg) });
    }
    this.keys = next;
  }
}
