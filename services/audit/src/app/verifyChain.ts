import { DomainError, toRfc3339, type Clock, type FieldViolation } from '@qilbee/kernel';
import { GENESIS_LINK, type AuditRecord, type ChainLink } from '../domain/auditRecord';
import { parseTimeBound } from '../domain/auditQuery';
import { ChainVerifier, type BrokenLink } from '../domain/chainVerifier';
import type { Checkpoint } from '../domain/checkpoint';
import { isAnchorSignatureValid } from '../domain/retentionAnchor';
import type { SigningKey, TrustedKeys } from '../domain/signature';
import { isReceiptSignatureValid, resumePointBroken, signReceipt, type VerificationReceipt } from '../domain/verificationReceipt';
import type { AnchorStore, AuditRecordStore, CheckpointStore, ReceiptStore } from './ports';

export interface VerifyInput {
  from?: string;
  to?: string;
  /** Without bounds: check from the anchor (or genesis) instead of resuming at the latest receipt. */
  full?: boolean;
}

export type VerifyMode = 'full' | 'incremental' | 'range';

export interface VerifyReport {
  ok: boolean;
  checked: number;
  checkpoints_checked: number;
  first_broken: BrokenLink | null;
  from: string;
  to: string;
  mode: VerifyMode;
  /** incremental: the receipt's sequence (checked again; the records before it are not); else 0. */
  resumed_at_sequence: number;
}

export interface VerifyDeps {
  records: AuditRecordStore;
  checkpoints: CheckpointStore;
  anchors: AnchorStore;
  receipts: ReceiptStore;
  trustedKeys: TrustedKeys;
  /** Signs the receipts a clean unbounded walk issues; without it none are issued. */
  signingKey?: SigningKey;
  clock: Clock;
}

interface Walked {
  verifier: ChainVerifier;
  broken: BrokenLink | undefined;
  /** Records checked before the verifier (the resume point), for the count. */
  extraChecked: number;
  firstTime: string;
  lastTime: string;
}

const checkpointMap = (checkpoints: Checkpoint[]) => new Map(checkpoints.map((c): [number, Checkpoint] => [c.sequence, c]));

function report(walked: Pick<Walked, 'verifier' | 'broken' | 'extraChecked'>, from: string, to: string, mode: VerifyMode, resumedAt = 0): VerifyReport {
  const { verifier, broken } = walked;
  return { ok: !broken, checked: verifier.checked + walked.extraChecked, checkpoints_checked: verifier.checkpointsChecked, first_broken: broken ?? null, from, to, mode, resumed_at_sequence: resumedAt };
}

/** Feeds records to the verifier until the first broken link; notes the storage times walked. */
async function walk(verifier: ChainVerifier, records: AsyncIterable<AuditRecord>, times = { firstTime: '', lastTime: '' }): Promise<Walked> {
  for await (const record of records) {
    if (verifier.accept(record)) break;
    times.firstTime ||= record.transaction_time;
    times.lastTime = record.transaction_time;
  }
  return { verifier, broken: verifier.finish(), extraChecked: 0, ...times };
}

/**
 * Verify: walks the chain in sequence order and reports the first broken link; checkpoint
 * signatures are checked on the way, and a signed checkpoint past the last stored record reveals
 * records cut off the end. With from/to: the records stored (transaction_time) within the bounds,
 * linked to their stored predecessor. Without: from the latest verification receipt on
 * (incremental, the default) or, with `full` or when there is no usable receipt, from the
 * retention anchor (or genesis). A clean unbounded walk leaves a receipt at the newest checkpoint
 * it confirmed, so the next Verify reads only the records from there on.
 */
export async function verifyChain(deps: VerifyDeps, input: VerifyInput): Promise<VerifyReport> {
  const violations: FieldViolation[] = [];
  const from = parseTimeBound('from', input.from, violations);
  const to = parseTimeBound('to', input.to, violations);
  if (violations.length > 0) throw new DomainError('invalid_argument', 'from/to must be RFC 3339 timestamps', 'invalid_range', violations);
  const bounded = from !== undefined || to !== undefined;
  const anchor = await deps.anchors.latest();
  const anchorLink: ChainLink = anchor ? { sequence: anchor.sequence, hash: anchor.hash } : GENESIS_LINK;
  const nothing = (broken: BrokenLink | undefined, mode: VerifyMode) => report({ verifier: new ChainVerifier(anchorLink, new Map(), deps.trustedKeys), broken, extraChecked: 0 }, from ?? '', to ?? '', mode);
  if (anchor && !isAnchorSignatureValid(deps.trustedKeys, anchor)) {
    return nothing({ event_id: anchor.event_id, sequence: anchor.sequence, reason: 'anchor_signature_invalid' }, bounded ? 'range' : input.full ? 'full' : 'incremental');
  }
  if (bounded) return verifyRange(deps, anchorLink, from, to, nothing);
  const receipt = await deps.receipts.latest();
  if (receipt && !isReceiptSignatureValid(deps.trustedKeys, receipt)) {
    return nothing({ event_id: receipt.event_id, sequence: receipt.sequence, reason: 'receipt_signature_invalid' }, input.full ? 'full' : 'incremental');
  }
  // A receipt at or before the anchor speaks of records retention removed: start at the anchor.
  const usable = receipt && receipt.sequence > anchorLink.sequence ? receipt : undefined;
  if (usable && !input.full) {
    const walked = await walkFromReceipt(deps, usable);
    if (!walked.broken) await issueReceipt(deps, walked.verifier.lastCheckpoint, usable.sequence, usable);
    return report(walked, walked.firstTime, walked.lastTime, 'incremental', usable.sequence);
  }
  const checkpoints = await deps.checkpoints.inRange(anchorLink.sequence + 1);
  const walked = await walk(new ChainVerifier(anchorLink, checkpointMap(checkpoints), deps.trustedKeys, usable), deps.records.walk(anchorLink.sequence + 1));
  if (!walked.broken) await issueReceipt(deps, walked.verifier.lastCheckpoint, anchorLink.sequence + 1, usable);
  return report(walked, walked.firstTime, walked.lastTime, 'full');
}

/** Verify(from, to): the records stored within the bounds, linked to their stored predecessor. */
async function verifyRange(deps: VerifyDeps, anchorLink: ChainLink, from: string | undefined, to: string | undefined, nothing: (broken: BrokenLink | undefined, mode: VerifyMode) => VerifyReport): Promise<VerifyReport> {
  const range = await deps.records.sequenceRange(from, to);
  if (!range) return nothing(undefined, 'range');
  const firstSequence = Math.max(range.first, anchorLink.sequence + 1);
  const start = await startLink(deps, anchorLink, firstSequence);
  if ('broken' in start) return nothing(start.broken, 'range');
  const checkpoints = await deps.checkpoints.inRange(firstSequence, range.last);
  const walked = await walk(new ChainVerifier(start, checkpointMap(checkpoints), deps.trustedKeys), deps.records.walk(firstSequence, range.last));
  return report(walked, from ?? walked.firstTime, to ?? walked.lastTime, 'range');
}

/**
 * The incremental walk: the record the receipt names is read first and must still be what the
 * receipt says (and its checkpoint still there); the walk goes on from it. One read of the tail.
 */
async function walkFromReceipt(deps: VerifyDeps, receipt: VerificationReceipt): Promise<Walked> {
  const checkpoints = await deps.checkpoints.inRange(receipt.sequence);
  const atReceipt = checkpoints.find((c) => c.sequence === receipt.sequence);
  const verifier = new ChainVerifier({ sequence: receipt.sequence, hash: receipt.hash }, checkpointMap(checkpoints.filter((c) => c.sequence > receipt.sequence)), deps.trustedKeys);
  const records = deps.records.walk(receipt.sequence)[Symbol.asyncIterator]();
  const head = await records.next();
  const first = head.done ? undefined : head.value;
  const reason = resumePointBroken(receipt, first, atReceipt, deps.trustedKeys);
  if (reason) {
    await records.return?.();
    const named = reason === 'truncated' || !first ? receipt : first;
    return { verifier, broken: { event_id: named.event_id, sequence: named.sequence, reason }, extraChecked: first ? 1 : 0, firstTime: first?.transaction_time ?? '', lastTime: first?.transaction_time ?? '' };
  }
  const resumed = first as AuditRecord;
  const walked = await walk(verifier, { [Symbol.asyncIterator]: () => records }, { firstTime: resumed.transaction_time, lastTime: resumed.transaction_time });
  return { ...walked, extraChecked: 1 };
}

/** After a clean walk: a receipt at the newest checkpoint it confirmed, if that moved past the last one. */
async function issueReceipt(deps: VerifyDeps, checkpoint: Checkpoint | undefined, verifiedFrom: number, previous: VerificationReceipt | undefined): Promise<void> {
  if (!deps.signingKey || !checkpoint || (previous && checkpoint.sequence <= previous.sequence)) return;
  await deps.receipts.save(signReceipt(deps.signingKey, checkpoint, verifiedFrom, toRfc3339(deps.clock.nowMs())));
}

/** The link the first checked record must follow: the anchor, or its stored predecessor. */
async function startLink(deps: VerifyDeps, anchorLink: ChainLink, firstSequence: number): Promise<ChainLink | { broken: BrokenLink }> {
  if (firstSequence === anchorLink.sequence + 1) return anchorLink;
  const predecessor = await deps.records.findBySequence(firstSequence - 1);
  if (predecessor) return { sequence: predecessor.sequence, hash: predecessor.hash };
  const first = await deps.records.findBySequence(firstSequence);
  return { broken: { event_id: first?.event_id ?? '', sequence: firstSequence, reason: 'sequence_gap' } };
}
