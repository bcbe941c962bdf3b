import type { Collection, Db } from 'mongodb';
import type { JWK } from 'jose';
import type { SigningKeyVault } from '../../app/ports/signingKeyVault';
import { open, seal, type SealedBox } from '../crypto/aesGcm';

interface SigningKeyDocument {
  _id: string;
  createdAt: Date;
  /** `aes-256-gcm` (sealed) or `none` (plain JWK: only when no encryption key is configured). */
  encryption: 'aes-256-gcm' | 'none';
  sealed?: SealedBox;
  jwk?: JWK;
}

/**
 * Private signing keys in auth's own database. With an encryption key they are sealed with
 * AES-256-GCM (the kid as associated data); without one they are stored as plain JWKs and the
 * database itself must be protected. A sealed key with no encryption key configured fails loudly.
 */
export class MongoSigningKeyVault implements SigningKeyVault {
  private readonly keys: Collection<SigningKeyDocument>;

  constructor(
    db: Db,
    private readonly encryptionKey: Buffer | undefined,
  ) {
    this.keys = db.collection<SigningKeyDocument>('signing_keys');
  }

  async put(kid: string, privateJwk: JWK): Promise<void> {
    const json = JSON.stringify(privateJwk);
    const doc: SigningKeyDocument = this.encryptionKey
      ? { _id: kid, createdAt: new Date(), encryption: 'aes-256-gcm', sealed: seal(this.encryptionKey, json, kid) }
      : { _id: kid, createdAt: new Date(), encryption: 'none', jwk: privateJwk };
    await this.keys.insertOne(doc);
  }

  async get(kid: string): Promise<JWK | undefined> {
    const doc = await this.keys.findOne({ _id: kid });
    if (!doc) return undefined;
    if (doc.encryption === 'none') return doc.jwk;
    if (!this.encryptionKey || !doc.sealed) throw new Error(`signing key ${kid} is encrypted but SIGNING_KEY_ENCRYPTION_KEY is not set`);
    return JSON.parse(open(this.encryptionKey, doc.sealed, kid)) as JWK;
  }

  async remove(kid: string): Promise<void> {
    await this.keys.deleteOne({ _id: kid });
  }
}
