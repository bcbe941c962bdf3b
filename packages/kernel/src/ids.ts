import { randomBytes } from 'node:crypto';

/** Generates identifiers; injected so that domain code and tests control them. */
export interface IdGenerator {
  next(): string;
}

let lastMs = 0;
let sequence = 0;

// Randomness drawn from the OS 4 KiB at a time: one call per 227 ids instead of two per id.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

function random(length: number): Buffer {
  if (poolOffset + length > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  poolOffset += length;
  return bytes;
}

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then randomness. Ids made in the same
 * millisecond by this process keep their order through a 12-bit counter in rand_a, so sorting by
 * id sorts by creation time, which the contract asks for (time-ordered ids).
 */
export function uuidv7(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    nowMs = lastMs;
  } else {
    lastMs = nowMs;
    sequence = random(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = random(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const uuidv7Generator: IdGenerator = { next: () => uuidv7() };

/**
 * Any UUID in its textual form (RFC 9562): every version and variant, the nil and max UUIDs, in
 * either case. An id of that shape that names nothing is a 404, not a 400.
 */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The UUID in lower case (how this platform writes every id), or undefined when it is not one. */
export function canonicalUuid(value: string): string | undefined {
  return isUuid(value) ? value.toLowerCase() : undefined;
}
