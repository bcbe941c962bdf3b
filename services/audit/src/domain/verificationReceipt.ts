import type { AuditRecord } from './auditRecord';
import type { BrokenReason } from './chainVerifier';
import { isCheckpointSignatureValid, type Checkpoint } from './checkpoint';
import { hashRecord } from './hashChain';
import { signPayload, verifyPayload, type SigningKey, type TrustedKeys } from './signature';

/**
 * A signed statement "a verification on `verified_at` found the chain intact from the retention
 * anchor (or genesis) through the checkpointed record at `sequence`, whose hash was `hash`". The
 * next Verify resumes there and checks only the records from it on.
 *
 * Threat model (also in docs/security.md): the attacker can write the audit database but does not
 * hold the Ed25519 signing key, which lives outside it. Receipts are signed with that key, so one
 * cannot be forged or moved forward to skip records; an invalid receipt is itself reported as
 * tampering. Deleting receipts, or putting back an older one, only makes Verify check more. What
 * an incremental Verify does not see is an edit, made after a receipt was issued, of records
 * before it: a full Verify (`full`) finds that, as it always did. Checkpoints are signed one by
 * one, not chained: deleting the newest checkpoints goes unseen unless the latest one is pinned
 * outside the store (GetSigningKey); the checkpoint a receipt names must still exist.
 */
export interface VerificationReceipt {
  sequence: number;
  hash: string;
  event_id: string;
  /** The first sequence the issuing verification checked (1, past the anchor, or an earlier receipt). */
  verified_from: number;
  verified_at: string;
  key_id: string;
  signature: string;
}

type ReceiptPayload = Omit<VerificationReceipt, 'signature'>;

function payloadOf(receipt: ReceiptPayload): ReceiptPayload {
  const { sequence, hash, event_id, verified_from, verified_at, key_id } = receipt;
  return { sequence, hash, event_id, verified_from, verified_at, key_id };
}

export function signReceipt(key: SigningKey, checkpoint: Checkpoint, verifiedFrom: number, verifiedAt: string): VerificationReceipt {
  const payload = payloadOf({
    sequence: checkpoint.sequence,
    hash: checkpoint.hash,
    event_id: checkpoint.event_id,
    verified_from: verifiedFrom,
    verified_at: verifiedAt,
    key_id: key.keyId,
  });
  return { ...payload, signature: signPayload(key, payload) };
}

export function isReceiptSignatureValid(keys: TrustedKeys, receipt: VerificationReceipt): boolean {
  try {
    return verifyPayload(keys, receipt.key_id, payloadOf(receipt), receipt.signature);
  } catch {
    return false;
  }
}

/**
 * Checks the record an incremental Verify resumes at, before walking on from it: it must still be
 * there (else the chain was cut back past a verified point, or the record deleted), unedited, the
 * one the receipt names, and the checkpoint the receipt was issued for must still be there, validly
 * signed, naming the same record.
 */
export function resumePointBroken(receipt: VerificationReceipt, first: AuditRecord | undefined, checkpoint: Checkpoint | undefined, keys: TrustedKeys): BrokenReason | undefined {
  if (!first) return 'truncated';
  if (first.sequence !== receipt.sequence) return first.sequence > receipt.sequence ? 'sequence_gap' : 'sequence_out_of_order';
  if (hashRecord(first) !== first.hash) return 'hash_mismatch';
  if (first.hash !== receipt.hash || first.event_id !== receipt.event_id) return 'checkpoint_mismatch';
  if (!checkpoint) return 'checkpoint_missing';
  if (!isCheckpointSignatureValid(keys, checkpoint)) return 'checkpoint_signature_invalid';
  if (checkpoint.hash !== receipt.hash || checkpoint.event_id !== receipt.event_id) return 'checkpoint_mismatch';
  return undefined;
}
