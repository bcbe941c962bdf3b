/** Who is calling, once credentials were verified. */
export interface Principal {
  userId: string;
  username: string;
  roles: string[];
  permissions: ReadonlySet<string>;
  /** How the caller proved it: a bearer JWT or an API key. */
  via: 'jwt' | 'api_key';
  apiKeyId?: string;
  /** Set for JWT callers: what logout and revoke need. */
  token?: { raw: string; jti: string; expSeconds: number; iatSeconds: number };
}

/** Expected negative answers of authentication: outcomes, not exceptions. */
export type AuthenticationOutcome =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'rejected'; reason: AuthenticationFailure; detail: string }
  /** A dependency needed to decide is down (identity for an uncached API key): 503, not 401. */
  | { kind: 'unavailable'; detail: string };

export type AuthenticationFailure =
  | 'malformed_credentials'
  | 'invalid_token'
  | 'token_expired'
  | 'token_revoked'
  | 'invalid_api_key'
  | 'api_key_revoked'
  | 'api_key_expired'
  | 'credentials_mismatch';
