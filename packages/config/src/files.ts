import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loggedAs } from './loggedAs';

/** A PEM file read once at start; logs show its path, never its content. */
export interface PemFile {
  kind: 'pem';
  path: string;
  pem: Buffer;
}

/** A secret read from a file once at start (one trailing newline dropped); logs show its path. */
export interface SecretFile {
  kind: 'secret';
  path: string;
  value: string;
}

/**
 * A file that was named but could not be used. Its problem is already a config issue; the
 * combination checks treat the variable as set, so they add no second, misleading issue.
 */
export interface UnusableFile {
  kind: 'unusable';
  path: string;
}

type PemKind = 'certificates' | 'private key';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why the content cannot be used, or undefined. Never echoes the content (it may be a key). */
function pemProblem(pem: Buffer, kind: PemKind): string | undefined {
  if (kind === 'private key') {
    try {
      createPrivateKey(pem);
      return undefined;
    } catch {
      return 'is not an unencrypted PEM private key';
    }
  }
  const blocks = pem.toString('utf8').match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) return 'holds no PEM certificate';
  try {
    for (const block of blocks) new X509Certificate(block);
    return undefined;
  } catch {
    return 'holds a PEM certificate that cannot be parsed';
  }
}

function readOrIssue(path: string, ctx: z.RefinementCtx): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

const unusable = (path: string): UnusableFile => ({ kind: 'unusable', path });

/** An optional path (empty means unset) to a PEM file, read and checked while the config is parsed. */
const pemFile = (kind: PemKind) =>
  z
    .string()
    .optional()
    .transform((path, ctx): PemFile | UnusableFile | undefined => {
      if (path === undefined || path.trim() === '') return undefined;
      const pem = readOrIssue(path, ctx);
      if (!pem) return unusable(path);
      const problem = pemProblem(pem, kind);
      if (problem) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${path} ${problem}` });
        return unusable(path);
      }
      return loggedAs<PemFile>({ kind: 'pem', path, pem }, { path });
    });

/** Path to one or more PEM certificates (a chain, or a bundle of CAs). */
export const certificateFile = () => pemFile('certificates');

/** Path to an unencrypted PEM private key. */
export const privateKeyFile = () => pemFile('private key');

/** An optional path to a file holding one secret, such as a password mounted by a secret manager. */
export const secretFile = () =>
  z
    .string()
    .optional()
    .transform((path, ctx): SecretFile | UnusableFile | undefined => {
      if (path === undefined || path.trim() === '') return undefined;
      const content = readOrIssue(path, ctx);
      if (!content) return unusable(path);
      const value = content.toString('utf8').replace(/\r?\n$/, '');
      if (value.length === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${path} is empty` });
        return unusable(path);
      }
      return loggedAs<SecretFile>({ kind: 'secret', path, value }, { path });
    });

/** An optional string where an empty value means unset (env files often carry `NAME=`). */
export const optionalText = () =>
  z
    .string()
    .optional()
    .transform((text) => (text === undefined || text.trim() === '' ? undefined : text));

/** Whether the first certificate of `cert` is the one the private key belongs to. */
export function keyMatchesCertificate(cert: PemFile, key: PemFile): boolean {
  try {
    return new X509Certificate(cert.pem).checkPrivateKey(createPrivateKey(key.pem));
  } catch {
    return false;
  }
}
