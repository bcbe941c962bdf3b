import { createHmac } from 'node:crypto';
import type { KeyHasher } from '../../app/ports';

/**
 * HMAC-SHA256 of the whole key under the server-side pepper. The key carries 190 bits of
 * randomness, so a fast keyed hash is enough (no password stretching needed), and a stolen
 * database without the pepper cannot be used to test guesses.
 */
export class HmacKeyHasher implements KeyHasher {
  constructor(private readonly pepper: Buffer) {
    if (pepper.length < 32) throw new Error('API key pepper must be at least 32 bytes');
  }

  hash(key: string): string {
    return createHmac('sha256', this.pepper).update(key, 'utf8').digest('base64url');
  }
}
