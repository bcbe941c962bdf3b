import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { GENESIS_LINK, type ChainLink } from '../domain/auditRecord';
import { parseTimeBound } from '../domain/auditQuery';
import { ChainVerifier, type BrokenLink } from '../domain/chainVerifier';
import type { Checkpoint } from '../domain/checkpoint';
import { isAnchorSignatureValid } from '../domain/retentionAnchor';
import type { TrustedKeys } from '../domain/signature';
import type { AnchorStore, AuditRecordStore, CheckpointStore } from './ports';

export interface VerifyInput {
  from?: string;
  to?: string;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  checkpoints_checked: number;
  first_broken: BrokenLink | null;
  from: string;
  to: string;
}

export interface VerifyDeps {
  records: AuditRecordStore;
  checkpoints: CheckpointStore;
  anchors: AnchorStore;
  trustedKeys: TrustedKeys;
}

function report(verifier: ChainVerifier, broken: BrokenLink | undefined, from: string, to: string): VerifyReport {
  return { ok: !broken, checked: verifier.checked, checkpoints_checked: verifier.checkpointsChecked, first_broken: broken ?? null, from, to };
}

/**
 * Verify(from, to): walks the chain in sequence order over the records stored (transaction_time)
 * within the bounds, from the retention anchor (or genesis) when `from` is empty, and reports the
 * first broken link. Checkpoint signatures are checked on the way, and a signed checkpoint past
 * the last stored record reveals records cut off the end.
 */
export async function verifyChain(deps: VerifyDeps, input: VerifyInput): Promise<VerifyReport> {
  const violations: FieldViolation[] = [];
  const from = parseTimeBound('from', input.from, violations);
  const to = parseTimeBound('to', input.to, violations);
  if (violations.length > 0) throw new DomainError('invalid_argument', 'from/to must be RFC 3339 timestamps', 'invalid_range', violations);
  const anchor = await deps.anchors.latest();
  const anchorLink: ChainLink = anchor ? { sequence: anchor.sequence, hash: anchor.hash } : GENESIS_LINK;
  const emptyVerifier = new ChainVerifier(anchorLink, new Map(), deps.trustedKeys);
  if (anchor && !isAnchorSignatureValid(deps.trustedKeys, anchor)) {
    return report(emptyVerifier, { event_id: anchor.event_id, sequence: anchor.sequence, reason: 'anchor_signature_invalid' }, from ?? '', to ?? '');
  }
  const range = from || to ? await deps.records.sequenceRange(from, to) : undefined;
  if ((from || to) && !range) return report(emptyVerifier, undefined, from ?? '', to ?? '');
  const firstSequence = Math.max(range?.first ?? anchorLink.sequence + 1, anchorLink.sequence + 1);
  const start = await startLink(deps, anchorLink, firstSequence);
  if ('broken' in start) return report(emptyVerifier, start.broken, from ?? '', to ?? '');
  const checkpoints = await deps.checkpoints.inRange(firstSequence, range?.last);
  const verifier = new ChainVerifier(start, new Map(checkpoints.map((c): [number, Checkpoint] => [c.sequence, c])), deps.trustedKeys);
  let firstTime = '';
  let lastTime = '';
  for await (const record of deps.records.walk(firstSequence, range?.last)) {
    if (verifier.accept(record)) break;
    firstTime ||= record.transaction_time;
    lastTime = record.transaction_time;
  }
  return report(verifier, verifier.finish(), from ?? firstTime, to ?? lastTime);
}

/** The link the first checked record must follow: the anchor, or its stored predecessor. */
async function startLink(deps: VerifyDeps, anchorLink: ChainLink, firstSequence: number): Promise<ChainLink | { broken: BrokenLink }> {
  if (firstSequence === anchorLink.sequence + 1) return anchorLink;
  const predecessor = await deps.records.findBySequence(firstSequence - 1);
  if (predecessor) return { sequence: predecessor.sequence, hash: predecessor.hash };
  const first = await deps.records.findBySequence(firstSequence);
  return { broken: { event_id: first?.event_id ?? '', sequence: firstSequence, reason: 'sequence_gap' } };
}
