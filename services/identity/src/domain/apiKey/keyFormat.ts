import { crc32 } from 'node:zlib';

/**
 * `qilbee_live_` + 32 base62 characters of randomness (190 bits) + a 6-character base62 CRC32
 * of everything before it. Secret scanners recognise the prefix; the checksum rejects a typo or a
 * made-up key without touching the database (GitHub's token format does the same).
 */
export const KEY_PREFIX = 'qilbee_live_';
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
/** How much of the random part is shown to users as the non-secret prefix. */
export const DISPLAY_RANDOM_CHARS = 6;
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}([0-9A-Za-z]{${RANDOM_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

export function checksumOf(body: string): string {
  return toBase62(crc32(body), CHECKSUM_LENGTH);
}

/** The full key for a random part (which must be RANDOM_LENGTH base62 characters). */
export function formatKey(randomPart: string): string {
  const body = `${KEY_PREFIX}${randomPart}`;
  return `${body}${checksumOf(body)}`;
}

/** The non-secret label shown in listings and events (`qilbee_live_AbC123`). */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + DISPLAY_RANDOM_CHARS);
}

/** True when the key has the right shape and its checksum matches. */
export function isWellFormedKey(key: string): boolean {
  const match = KEY_PATTERN.exec(key);
  if (!match) return false;
  return checksumOf(`${KEY_PREFIX}${match[1]}`) === match[2];
}
