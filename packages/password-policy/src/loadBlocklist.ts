import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Blocklist } from './passwordPolicy';

/** The shipped list (see data/common-passwords.NOTICE.md for its origin and licence). */
export const DEFAULT_BLOCKLIST_FILE = path.resolve(__dirname, '../data/common-passwords.txt');

/** Reads a one-password-per-line file into a lower-cased set; fails fast when it is missing. */
export function loadBlocklist(file: string = DEFAULT_BLOCKLIST_FILE): Blocklist & { size: number } {
  const entries = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim().normalize('NFKC').toLowerCase())
    .filter((line) => line.length > 0);
  return new Set(entries);
}
