import { SignJWT } from 'jose';
import { uuidv7 } from '@qilbee/kernel';
import type { SigningKeys } from './signingKeys';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlMs: number;
  refreshTtlMs: number;
}

export interface AccessTokenSubject {
  userId: string;
  username: string;
  roles: string[];
  sessionId: string;
}

export interface SignedAccessToken {
  token: string;
  jti: string;
  expiresAtMs: number;
}

/** A new jti (uuidv7: its time is the issue time in ms) and expiry, decided before signing. */
export function planAccessToken(nowMs: number, settings: TokenSettings): { jti: string; expiresAtMs: number; issuedAtMs: number } {
  const issuedAtS = Math.floor(nowMs / 1000);
  return { jti: uuidv7(nowMs), issuedAtMs: nowMs, expiresAtMs: (issuedAtS * 1000) + settings.accessTtlMs };
}

/** Signs an access JWT with the ring's current key; the header names the key (`kid`). */
export async function signAccessToken(keys: SigningKeys, settings: TokenSettings, subject: AccessTokenSubject, plan: { jti: string; issuedAtMs: number; expiresAtMs: number }): Promise<SignedAccessToken> {
  const signer = keys.activeSigner();
  const token = await new SignJWT({ username: subject.username, roles: subject.roles, sid: subject.sessionId })
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
    .setSubject(subject.userId)
    .setJti(plan.jti)
    .setIssuedAt(Math.floor(plan.issuedAtMs / 1000))
    .setExpirationTime(Math.floor(plan.expiresAtMs / 1000))
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .sign(signer.key);
  return { token, jti: plan.jti, expiresAtMs: plan.expiresAtMs };
}
