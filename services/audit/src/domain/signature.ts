import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

/** An Ed25519 key pair that signs checkpoints and anchors; `keyId` names the public half. */
export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The public keys a verifier trusts, by key id. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/** A stable id for a public key: the first 16 hex digits of SHA-256 over its DER form. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/** Ed25519 over the canonical JSON of `payload`, base64. Ed25519 is deterministic: no randomness. */
export function signPayload(key: SigningKey, payload: object): string {
  return sign(null, Buffer.from(canonicalJson(payload), 'utf8'), key.privateKey).toString('base64');
}

export function verifyPayload(keys: TrustedKeys, keyId: string, payload: object, signature: string): boolean {
  const publicKey = keys.get(keyId);
  if (!publicKey) return false;
  return verify(null, Buffer.from(canonicalJson(payload), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
}
