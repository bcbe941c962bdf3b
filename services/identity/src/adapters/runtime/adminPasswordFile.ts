import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@qilbee/logger';

/** Writes the generated admin password to a file only its owner can read; logs the path, never the password. */
export function adminPasswordWriter(file: string, logger: Logger): (password: string) => Promise<void> {
  return async (password) => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    // writeFile keeps the mode of a file that already existed: enforce it.
    await chmod(file, 0o600);
    logger.warn({ path: file }, 'bootstrap admin created with a generated password; read it once from this file and change it');
  };
}
