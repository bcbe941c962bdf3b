import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedBox {
  iv: string;
  tag: string;
  ciphertext: string;
}

/**
 * Parses SIGNING_KEY_ENCRYPTION_KEY: 32 bytes as 64 hex characters or base64. Anything else is a
 * configuration error (a short passphrase would silently weaken the key).
 */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('SIGNING_KEY_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** AES-256-GCM with a fresh 96-bit IV; `aad` binds the ciphertext to its record (the kid). */
export function seal(key: Buffer, plaintext: string, aad: string): SealedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function open(key: Buffer, box: SealedBox, aad: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}
