import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Clock } from '@qilbee/kernel';
import type { AuthPort } from './ports';
import type { RevocationView } from './revocationView';

export interface VerifiedToken {
  sub: string;
  username: string;
  roles: string[];
  jti: string;
  expSeconds: number;
  iatSeconds: number;
}

export type TokenVerdict =
  | { kind: 'valid'; token: VerifiedToken }
  | { kind: 'invalid'; reason: 'invalid_token' | 'token_expired' | 'token_revoked'; detail: string };

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** An unknown `kid` refetches the key set at most this often (a forged kid cannot hammer auth). */
  minRefreshIntervalMs: number;
}

const ASYMMETRIC = ['EdDSA', 'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/**
 * Verifies access JWTs locally: signature against auth's JWKS (cached; refetched when a token
 * names an unknown key id, which is how signing-key rotation reaches the edge), issuer, audience,
 * expiry, then the live revocation view. Auth being down does not stop verification.
 */
export class TokenVerifier {
  private keys: ReturnType<typeof createLocalJWKSet> | undefined;
  private kids = new Set<string>();
  private jwksJson = '';
  private lastFetchMs = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly auth: Pick<AuthPort, 'getJwks'>,
    private readonly revocations: RevocationView,
    private readonly clock: Clock,
    private readonly options: TokenVerifierOptions,
  ) {}

  get ready(): boolean {
    return this.keys !== undefined;
  }

  /** The JWK Set as served at /.well-known/jwks.json (the last one fetched). */
  get jwks(): string {
    return this.jwksJson;
  }

  /** Fetches the key set now (at start, and when a kid is unknown). Errors propagate. */
  refresh(): Promise<void> {
    this.inflight ??= this.auth
      .getJwks({})
      .then((response) => {
        const set = JSON.parse(response.jwksJson) as JSONWebKeySet;
        this.keys = createLocalJWKSet(set);
        this.kids = new Set(set.keys.map((k) => String(k.kid ?? '')));
        this.jwksJson = response.jwksJson;
        this.lastFetchMs = this.clock.nowMs();
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  async verify(token: string): Promise<TokenVerdict> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { kind: 'invalid', reason: 'invalid_token', detail: 'Malformed token' };
    }
    if (kid === undefined || !this.kids.has(kid)) await this.refreshForUnknownKid();
    if (!this.keys) return { kind: 'invalid', reason: 'invalid_token', detail: 'Signing keys unavailable' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ASYMMETRIC,
        currentDate: new Date(this.clock.nowMs()),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { kind: 'invalid', reason: 'token_expired', detail: 'Token expired' };
      return { kind: 'invalid', reason: 'invalid_token', detail: 'Invalid token' };
    }
    const verified = toVerifiedToken(payload);
    if (!verified) return { kind: 'invalid', reason: 'invalid_token', detail: 'Token lacks required claims' };
    if (this.revocations.isRevoked({ jti: verified.jti, sub: verified.sub, iatSeconds: verified.iatSeconds })) {
      return { kind: 'invalid', reason: 'token_revoked', detail: 'Token has been revoked' };
    }
    return { kind: 'valid', token: verified };
  }

  private async refreshForUnknownKid(): Promise<void> {
    if (this.clock.nowMs() - this.lastFetchMs < this.options.minRefreshIntervalMs && this.keys) return;
    try {
      await this.refresh();
    } catch {
      // Auth is down: keep verifying with the keys we have.
    }
  }
}

function toVerifiedToken(payload: JWTPayload): VerifiedToken | undefined {
  const { sub, jti, exp, iat } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return undefined;
  const roles = Array.isArray(payload.roles) ? payload.roles.map(roleName).filter((r): r is string => r !== undefined) : [];
  const username = typeof payload.username === 'string' ? payload.username : '';
  return { sub, username, roles, jti, expSeconds: exp, iatSeconds: typeof iat === 'number' ? iat : 0 };
}

/** Roles are names; QilbeeDB spells custom roles `{"Custom": "name"}`, which we accept too. */
function roleName(role: unknown): string | undefined {
  if (typeof role === 'string') return role;
  if (typeof role === 'object' && role !== null && typeof (role as { Custom?: unknown }).Custom === 'string') return (role as { Custom: string }).Custom;
  return undefined;
}
