/**
 * The life of one API key (`apikey-<id>`). Only a keyed hash of the secret is ever recorded, and
 * it stays in the identity store: public events carry ids and names, never the hash.
 */
export interface ApiKeyIssuedData {
  keyId: string;
  userId: string;
  name: string;
  prefix: string;
  secretHash: string;
  /** Empty means "whatever the owner may do", evaluated at every verification. */
  permissions: string[];
  atMs: number;
  expiresAtMs: number | null;
  rotatedFromKeyId: string | null;
}

export type ApiKeyRevocationReason = 'revoked' | 'rotation_aborted';

export type ApiKeyEvent =
  | { type: 'ApiKeyIssued'; data: ApiKeyIssuedData }
  | { type: 'ApiKeyRotated'; data: { replacedByKeyId: string; graceUntilMs: number; atMs: number } }
  | { type: 'ApiKeyRevoked'; data: { reason: ApiKeyRevocationReason; atMs: number } }
  | { type: 'ApiKeyExpired'; data: { expiresAtMs: number; atMs: number } };

export type ApiKeyCommand =
  | {
      type: 'IssueApiKey';
      keyId: string;
      userId: string;
      name: string;
      prefix: string;
      secretHash: string;
      permissions: string[];
      /** What the owner may do now: a key never carries more. */
      ownerPermissions: readonly string[];
      expiresAtMs: number | null;
      rotatedFromKeyId: string | null;
      atMs: number;
    }
  | { type: 'RotateApiKey'; replacedByKeyId: string; graceMs: number; atMs: number }
  | { type: 'RevokeApiKey'; reason: ApiKeyRevocationReason; atMs: number }
  | { type: 'ExpireApiKey'; atMs: number };
