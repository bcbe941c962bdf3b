import { z } from 'zod';
import { loggedAs } from './loggedAs';
import { keyMatchesCertificate, type PemFile, type SecretFile, type UnusableFile } from './files';

/** A variable counts as set when it has a value other than its `false` default. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== false;

export interface KeyPairSettings {
  certChain: Buffer;
  privateKey: Buffer;
}

/**
 * Combination rules over already-parsed variables. Every broken rule becomes one config issue on
 * the variable to fix, so loadConfig lists them all at once; nothing is built from a broken group.
 */
export class Checks {
  private broken = false;

  constructor(private readonly ctx: z.RefinementCtx) {}

  get ok(): boolean {
    return !this.broken;
  }

  fail(field: string, message: string): void {
    this.broken = true;
    this.ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  }

  /** Every variable in `fields` that is set must be accompanied by `requirement` (already true or not). */
  requires(values: Record<string, unknown>, fields: readonly string[], requirement: boolean, message: string): void {
    if (requirement) return;
    for (const field of fields) if (isSet(values[field])) this.fail(field, message);
  }

  /** The file's content, or undefined when it is unset or unusable (whose issue is already listed). */
  file<F extends PemFile | SecretFile>(file: F | UnusableFile | undefined): F | undefined {
    if (file?.kind !== 'unusable') return file;
    this.broken = true;
    return undefined;
  }

  /** A certificate and its key: both or neither, and the key must belong to the certificate. */
  keyPair(certField: string, cert: PemFile | UnusableFile | undefined, keyField: string, key: PemFile | UnusableFile | undefined): KeyPairSettings | undefined {
    if (cert === undefined && key === undefined) return undefined;
    if (cert === undefined || key === undefined) {
      const [missing, given] = cert === undefined ? [certField, keyField] : [keyField, certField];
      this.fail(missing, `is required with ${given}: both or neither`);
      return undefined;
    }
    const [certFile, keyFile] = [this.file(cert), this.file(key)];
    if (!certFile || !keyFile) return undefined;
    if (!keyMatchesCertificate(certFile, keyFile)) {
      this.fail(keyField, `does not belong to the certificate in ${certField}`);
      return undefined;
    }
    return loggedAs({ certChain: certFile.pem, privateKey: keyFile.pem }, { cert: certFile.path, key: keyFile.path });
  }
}
