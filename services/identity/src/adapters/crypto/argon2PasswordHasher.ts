import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import type { PasswordHasher } from '../../app/ports';

/**
 * argon2id at OWASP's minimum or stronger: 19 MiB, 2 passes, 1 lane. @node-rs/argon2 ships
 * prebuilt binaries in npm packages (no install script). Verification compares in constant time.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm is a const enum that isolatedModules cannot inline: 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export class Argon2PasswordHasher implements PasswordHasher {
  constructor(private readonly options: Options = ARGON2_OPTIONS) {}

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    try {
      return await verify(encoded, password);
    } catch {
      // A malformed stored hash is a mismatch, not a crash of the login path.
      return false;
    }
  }
}
