import type { AuditRecord } from './auditRecord';
import { signPayload, verifyPayload, type SigningKey, type TrustedKeys } from './signature';

/**
 * Where the chain starts after retention removed its oldest records: the last removed sequence
 * and hash (the next record's prev_hash), the archive that holds the removed records and the
 * archive's SHA-256. Signed, so a forged anchor cannot hide a deleted prefix.
 */
export interface RetentionAnchor {
  sequence: number;
  hash: string;
  event_id: string;
  archive_file: string;
  archive_sha256: string;
  archived: number;
  created_at: string;
  key_id: string;
  signature: string;
}

type AnchorPayload = Omit<RetentionAnchor, 'signature'>;

function payloadOf(anchor: AnchorPayload): AnchorPayload {
  const { sequence, hash, event_id, archive_file, archive_sha256, archived, created_at, key_id } = anchor;
  return { sequence, hash, event_id, archive_file, archive_sha256, archived, created_at, key_id };
}

export interface AnchorInput {
  last: AuditRecord;
  archiveFile: string;
  archiveSha256: string;
  archived: number;
  createdAt: string;
}

export function signAnchor(key: SigningKey, input: AnchorInput): RetentionAnchor {
  const payload = payloadOf({
    sequence: input.last.sequence,
    hash: input.last.hash,
    event_id: input.last.event_id,
    archive_file: input.archiveFile,
    archive_sha256: input.archiveSha256,
    archived: input.archived,
    created_at: input.createdAt,
    key_id: key.keyId,
  });
  return { ...payload, signature: signPayload(key, payload) };
}

export function isAnchorSignatureValid(keys: TrustedKeys, anchor: RetentionAnchor): boolean {
  try {
    return verifyPayload(keys, anchor.key_id, payloadOf(anchor), anchor.signature);
  } catch {
    return false;
  }
}
