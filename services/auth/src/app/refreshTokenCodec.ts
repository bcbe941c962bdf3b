import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'rt1';

/**
 * Refresh tokens are opaque to clients: `rt1.<family id>.<256 random bits>`. The family id only
 * says which stream to load; the secret part makes the token unguessable. Only a SHA-256 of the
 * whole token is stored (a slow hash adds nothing for 256 bits of entropy).
 */
export function newRefreshToken(familyId: string): string {
  return `${PREFIX}.${familyId.replace(/-/g, '')}.${randomBytes(32).toString('base64url')}`;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The family id inside a refresh token, or undefined when it is not one of ours. */
export function familyIdOf(token: string): string | undefined {
  const match = /^rt1\.([0-9a-f]{32})\.[A-Za-z0-9_-]{43}$/.exec(token);
  const hex = match?.[1];
  if (!hex) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
