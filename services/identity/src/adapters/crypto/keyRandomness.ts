import { randomBytes } from 'node:crypto';
import type { KeyRandomness } from '../../app/ports';
import { BASE62, RANDOM_LENGTH } from '../../domain/apiKey/keyFormat';

/** Base62 from a CSPRNG without modulo bias: bytes >= 248 (4 x 62) are rejected. */
export const cryptoKeyRandomness: KeyRandomness = {
  randomPart(): string {
    let out = '';
    while (out.length < RANDOM_LENGTH) {
      for (const byte of randomBytes(RANDOM_LENGTH * 2)) {
        if (byte < 248 && out.length < RANDOM_LENGTH) out += BASE62[byte % 62];
      }
    }
    return out;
  },
};
