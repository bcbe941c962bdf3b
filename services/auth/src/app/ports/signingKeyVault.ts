import type { JWK } from 'jose';

/** Private signing keys by kid, kept only in auth's database (encrypted at rest when configured). */
export interface SigningKeyVault {
  put(kid: string, privateJwk: JWK): Promise<void>;
  get(kid: string): Promise<JWK | undefined>;
  remove(kid: string): Promise<void>;
}
