import { JwksKeySet, TokenValidator, type InvalidTokenReason, type JwksDocument, type RevocationView } from '@qilbee/tokens';
import type { Clock } from '@qilbee/kernel';
import type { AuthPort } from './ports';

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
  clockSkewSeconds: number;
}

const DETAIL: Record<InvalidTokenReason, string> = {
  malformed: 'Malformed token',
  unsupported_alg: 'Invalid token',
  unknown_kid: 'Invalid token',
  bad_signature: 'Invalid token',
  wrong_issuer: 'Invalid token',
  wrong_audience: 'Invalid token',
  not_yet_valid: 'Invalid token',
  expired: 'Token expired',
  revoked: 'Token has been revoked',
};

function verdictOf(reason: InvalidTokenReason): TokenVerdict {
  const kind = reason === 'expired' ? 'token_expired' : reason === 'revoked' ? 'token_revoked' : 'invalid_token';
  return { kind: 'invalid', reason: kind, detail: DETAIL[reason] };
}

/**
 * The edge's access-token check: auth's own validation code (@qilbee/tokens) fed with auth's JWKS,
 * fetched at start and again when a token names an unknown key id (how a rotation reaches the
 * edge). Nothing per request leaves the process, so auth being down does not stop verification.
 */
export class TokenVerifier {
  private readonly keySet: JwksKeySet;
  private readonly validator: TokenValidator;
  private jwksJson = '';

  constructor(
    private readonly auth: Pick<AuthPort, 'getJwks'>,
    revocations: RevocationView,
    clock: Clock,
    options: TokenVerifierOptions,
  ) {
    this.keySet = new JwksKeySet(() => this.fetchJwks(), { cooldownMs: options.minRefreshIntervalMs, nowMs: () => clock.nowMs() });
    this.validator = new TokenValidator({ keys: this.keySet, revocations, issuer: options.issuer, audience: options.audience, clockSkewSeconds: options.clockSkewSeconds, nowMs: () => clock.nowMs() });
  }

  get ready(): boolean {
    return this.jwksJson !== '';
  }

  /** The JWK Set as served at /.well-known/jwks.json (the last one fetched). */
  get jwks(): string {
    return this.jwksJson;
  }

  /** Fetches the key set now (at start, and periodically). Errors propagate. */
  refresh(): Promise<void> {
    return this.keySet.reload();
  }

  async verify(token: string): Promise<TokenVerdict> {
    const validation = await this.validator.validate(token);
    if (!validation.valid) return verdictOf(validation.reason);
    const { sub, username, roles, jti, exp, iat } = validation.claims;
    return { kind: 'valid', token: { sub, username, roles, jti, expSeconds: exp, iatSeconds: iat } };
  }

  private async fetchJwks(): Promise<JwksDocument> {
    const response = await this.auth.getJwks({});
    const document = JSON.parse(response.jwksJson) as JwksDocument;
    this.jwksJson = response.jwksJson;
    return document;
  }
}
