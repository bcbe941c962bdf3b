import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, signingKeyFrom, type SigningKey, type TrustedKeys } from '../../domain/signature';

export interface SigningKeySettings {
  /** AUDIT_SIGNING_KEY: an Ed25519 private key, PKCS#8 PEM or base64 DER. */
  keyText?: string;
  /** Where a generated key is kept when none is configured (outside the audit database on purpose). */
  keyFile: string;
  /** Public keys of earlier signing keys, so their checkpoints still verify (PEM or base64 SPKI DER). */
  previousPublicKeys: string[];
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 private key');
  return key;
}

function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  return trimmed.startsWith('-----')
    ? createPublicKey(trimmed)
    : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
}

async function readOrGenerate(keyFile: string): Promise<KeyObject> {
  try {
    return parsePrivateKey(await readFile(keyFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  await mkdir(path.dirname(keyFile), { recursive: true });
  // 'wx' fails if another instance created the file meanwhile: then that one's key is used.
  try {
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parsePrivateKey(await readFile(keyFile, 'utf8'));
  }
}

/** The checkpoint signing key (configured, or generated once and kept in a file) and the trusted public keys. */
export async function loadSigningKey(settings: SigningKeySettings): Promise<{ signingKey: SigningKey; trustedKeys: TrustedKeys }> {
  const privateKey = settings.keyText ? parsePrivateKey(settings.keyText) : await readOrGenerate(settings.keyFile);
  const signingKey = signingKeyFrom(privateKey);
  const trusted = new Map<string, KeyObject>([[signingKey.keyId, signingKey.publicKey]]);
  for (const text of settings.previousPublicKeys) {
    const publicKey = parsePublicKey(text);
    trusted.set(keyIdOf(publicKey), publicKey);
  }
  return { signingKey, trustedKeys: trusted };
}
