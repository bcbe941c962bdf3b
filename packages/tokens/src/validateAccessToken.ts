import { compactVerify, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { ALLOWED_ALGORITHMS, type AccessTokenClaims } from './accessTokenClaims';
import type { KeySetProvider, VerificationKey } from './keySet';
import type { RevocationView } from './revocationView';

export type InvalidTokenReason = 'malformed' | 'unsupported_alg' | 'unknown_kid' | 'bad_signature' | 'wrong_issuer' | 'wrong_audience' | 'expired' | 'not_yet_valid' | 'revoked';

/** An outcome, never an exception: invalid tokens are an everyday answer. */
export type TokenValidation = { valid: true; claims: AccessTokenClaims } | { valid: false; reason: InvalidTokenReason };

export interface TokenValidatorOptions {
  keys: KeySetProvider;
  revocations: RevocationView;
  issuer: string;
  audience: string;
  /** Leeway for exp/nbf/iat between machines' clocks. */
  clockSkewSeconds: number;
  nowMs?: () => number;
}

class UnknownKidError extends Error {}

/** Reads the key for a header; refuses algorithms outside the allow-list and alg/key mismatches. */
function keyResolver(keys: KeySetProvider): JWTVerifyGetKey {
  return async (header: ProtectedHeaderParameters) => {
    if (typeof header.alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(header.alg)) throw new errors.JOSEAlgNotAllowed('alg not allowed');
    const found: VerificationKey | undefined = typeof header.kid === 'string' ? await keys.keyFor(header.kid) : undefined;
    if (!found) throw new UnknownKidError('unknown kid');
    if (found.alg !== header.alg) throw new errors.JOSEAlgNotAllowed('alg does not match the key');
    return found.key;
  };
}

function reasonOf(error: unknown): InvalidTokenReason {
  if (error instanceof UnknownKidError) return 'unknown_kid';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'unsupported_alg';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
    return 'malformed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  return 'malformed';
}

function toClaims(payload: JWTPayload): AccessTokenClaims | undefined {
  const { sub, jti, iat, exp, iss, aud } = payload;
  const username = payload.username;
  const roles = payload.roles;
  const sid = payload.sid;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number' || typeof iss !== 'string') return undefined;
  if (typeof username !== 'string' || !Array.isArray(roles) || typeof sid !== 'string') return undefined;
  const audience = Array.isArray(aud) ? aud[0] : aud;
  if (typeof audience !== 'string') return undefined;
  return { sub, jti, iat, exp, iss, aud: audience, username, roles: roles.map(String), sid };
}

/**
 * Verifies access tokens with nothing but public keys and a revocation view: signature (allow-listed
 * asymmetric algorithms, key chosen by kid), iss, aud, exp/nbf with skew, revoked jti, user
 * not-before. No store, no network per call: auth and the edge run the same code.
 */
export class TokenValidator {
  private readonly getKey: JWTVerifyGetKey;

  constructor(private readonly options: TokenValidatorOptions) {
    this.getKey = keyResolver(options.keys);
  }

  async validate(token: string): Promise<TokenValidation> {
    const now = this.options.nowMs?.();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ALLOWED_ALGORITHMS],
        clockTolerance: this.options.clockSkewSeconds,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
        ...(now === undefined ? {} : { currentDate: new Date(now) }),
      }));
    } catch (error) {
      return { valid: false, reason: reasonOf(error) };
    }
    const claims = toClaims(payload);
    if (!claims) return { valid: false, reason: 'malformed' };
    if (this.options.revocations.isRevoked(claims)) return { valid: false, reason: 'revoked' };
    return { valid: true, claims };
  }

  /**
   * Signature and issuer only, ignoring expiry and revocation: "is this a token we issued?"
   * (Revoke and Logout accept expired or already revoked tokens, RFC 7009 spirit).
   */
  async verifyIssued(token: string): Promise<{ issued: true; claims: AccessTokenClaims } | { issued: false; reason: InvalidTokenReason }> {
    try {
      const { payload } = await compactVerify(token, this.getKey as never, { algorithms: [...ALLOWED_ALGORITHMS] });
      const claims = toClaims(JSON.parse(new TextDecoder().decode(payload)) as JWTPayload);
      if (!claims) return { issued: false, reason: 'malformed' };
      if (claims.iss !== this.options.issuer) return { issued: false, reason: 'wrong_issuer' };
      return { issued: true, claims };
    } catch (error) {
      return { issued: false, reason: reasonOf(error) };
    }
  }
}
