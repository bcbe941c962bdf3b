import { cryptoKeyRandomness } from '../../adapters/crypto/keyRandomness';
import { displayPrefix, formatKey, isWellFormedKey, KEY_PREFIX, RANDOM_LENGTH } from './keyFormat';

describe('API key format', () => {
  const key = formatKey(cryptoKeyRandomness.randomPart());

  it('is qilbee_live_ + 32 base62 characters (>= 160 bits) + a 6-character checksum', () => {
    expect(key).toMatch(/^qilbee_live_[0-9A-Za-z]{38}$/);
    expect(RANDOM_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(160);
    expect(isWellFormedKey(key)).toBe(true);
  });

  it('rejects a typo through the checksum, without any lookup', () => {
    const last = key[KEY_PREFIX.length + 3] === 'a' ? 'b' : 'a';
    const typo = key.slice(0, KEY_PREFIX.length + 3) + last + key.slice(KEY_PREFIX.length + 4);
    expect(isWellFormedKey(typo)).toBe(false);
  });

  it('rejects other shapes', () => {
    expect(isWellFormedKey('')).toBe(false);
    expect(isWellFormedKey(key.replace('live', 'test'))).toBe(false);
    expect(isWellFormedKey(`${key}x`)).toBe(false);
  });

  it('shows a non-secret prefix of the prefix and 6 random characters', () => {
    expect(displayPrefix(key)).toHaveLength(KEY_PREFIX.length + 6);
  });

  it('never repeats randomness', () => {
    const parts = new Set(Array.from({ length: 1000 }, () => cryptoKeyRandomness.randomPart()));
    expect(parts.size).toBe(1000);
  });
});
