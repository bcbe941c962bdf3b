import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ArchiveResult, ArchiveWriter } from '../../app/ports';
import { recordToNdjsonLine } from '../../app/recordJson';
import type { AuditRecord } from '../../domain/auditRecord';

/**
 * Archives as gzip NDJSON files in one directory: written to a temporary name, fsynced, then
 * renamed, so a file under its final name is always complete. The SHA-256 of the compressed bytes
 * goes into the signed anchor.
 */
export class GzipNdjsonArchive implements ArchiveWriter {
  constructor(private readonly directory: string) {}

  async write(name: string, records: AsyncIterable<AuditRecord>): Promise<ArchiveResult> {
    await mkdir(this.directory, { recursive: true });
    const file = path.join(this.directory, name);
    const temporary = `${file}.partial`;
    const digest = createHash('sha256');
    let count = 0;
    const lines = Readable.from(
      (async function* toLines() {
        for await (const record of records) {
          count += 1;
          yield recordToNdjsonLine(record);
        }
      })(),
    );
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(lines, createGzip(), hashing, createWriteStream(temporary));
      const handle = await open(temporary, 'r');
      await handle.sync().finally(() => handle.close());
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { file, sha256: digest.digest('hex'), count };
  }
}
