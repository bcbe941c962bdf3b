/** An access token the family issued, tracked so that revoking the family can revoke it too. */
export interface IssuedAccessToken {
  jti: string;
  expiresAtMs: number;
}

export type RevocationReason = 'logout' | 'revoked' | 'reuse_detected' | 'user_inactive';

/** Facts about one login session (a refresh-token family). Only token hashes are ever stored. */
export type RefreshFamilyEvent =
  | {
      type: 'RefreshFamilyStarted';
      data: { familyId: string; userId: string; username: string; atMs: number; tokenHash: string; refreshExpiresAtMs: number; access: IssuedAccessToken };
    }
  | {
      type: 'RefreshTokenRotated';
      /** `benignReuseOfGeneration` is set when an older token was accepted (the SDK quirk). */
      data: { atMs: number; generation: number; tokenHash: string; refreshExpiresAtMs: number; access: IssuedAccessToken; benignReuseOfGeneration: number | null };
    }
  | { type: 'RefreshTokenReuseDetected'; data: { atMs: number; presentedGeneration: number; revokedAccessTokens: IssuedAccessToken[] } }
  | { type: 'RefreshFamilyRevoked'; data: { atMs: number; reason: RevocationReason; revokedAccessTokens: IssuedAccessToken[] } }
  | { type: 'AccessTokenRevoked'; data: { atMs: number; access: IssuedAccessToken } };
