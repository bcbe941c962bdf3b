import type { AuditRecord } from './auditRecord';
import { signPayload, verifyPayload, type SigningKey, type TrustedKeys } from './signature';

/**
 * A signed statement "the record at `sequence` had `hash`", written periodically (CloudTrail
 * digest style). Someone who rewrites the whole chain, recomputing every hash, cannot re-sign the
 * checkpoints without the private key, so the rewrite shows as a checkpoint mismatch.
 */
export interface Checkpoint {
  sequence: number;
  hash: string;
  event_id: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

type CheckpointPayload = Omit<Checkpoint, 'signature'>;

function payloadOf(checkpoint: CheckpointPayload): CheckpointPayload {
  const { sequence, hash, event_id, signed_at, key_id } = checkpoint;
  return { sequence, hash, event_id, signed_at, key_id };
}

export function signCheckpoint(key: SigningKey, record: AuditRecord, signedAt: string): Checkpoint {
  const payload = payloadOf({ sequence: record.sequence, hash: record.hash, event_id: record.event_id, signed_at: signedAt, key_id: key.keyId });
  return { ...payload, signature: signPayload(key, payload) };
}

export function isCheckpointSignatureValid(keys: TrustedKeys, checkpoint: Checkpoint): boolean {
  try {
    return verifyPayload(keys, checkpoint.key_id, payloadOf(checkpoint), checkpoint.signature);
  } catch {
    return false;
  }
}
