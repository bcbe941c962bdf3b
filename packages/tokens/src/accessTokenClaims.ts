/** The claims of an access token this platform issues (auth signs, everyone else verifies). */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  roles: string[];
  jti: string;
  /** Unix seconds. */
  iat: number;
  exp: number;
  iss: string;
  aud: string;
  /** The refresh-token family (login session) the token was issued with. */
  sid: string;
}

/** The algorithms a verifier accepts; anything else (none, HS*, RS*, PS*) is refused outright. */
export const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * When the token was issued, in milliseconds. Our jti is a uuidv7, whose first 48 bits are the
 * issue time in ms; that precision lets a user-wide not-before (revoke-all) kill every older token
 * without also killing a token issued a few ms later in the same second. Falls back to `iat`.
 */
export function issuedAtMs(claims: Pick<AccessTokenClaims, 'jti' | 'iat'>): number {
  if (UUID_V7.test(claims.jti)) {
    const ms = parseInt(claims.jti.replace(/-/g, '').slice(0, 12), 16);
    // Trust the jti time only when it agrees with iat (it always does for tokens we sign).
    if (Math.abs(ms - claims.iat * 1000) < 1000) return ms;
  }
  return claims.iat * 1000;
}
