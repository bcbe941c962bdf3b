import type { AuditRecord, ChainLink } from './auditRecord';
import { isCheckpointSignatureValid, type Checkpoint } from './checkpoint';
import { hashRecord } from './hashChain';
import type { TrustedKeys } from './signature';

export type BrokenReason =
  | 'sequence_gap'
  | 'sequence_out_of_order'
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_mismatch'
  | 'checkpoint_missing'
  | 'truncated'
  | 'anchor_signature_invalid'
  | 'receipt_signature_invalid';

export interface BrokenLink {
  event_id: string;
  sequence: number;
  reason: BrokenReason;
}

/** A signed link the walk must meet: the latest verification receipt, its signature already checked. */
export interface ExpectedLink {
  sequence: number;
  hash: string;
  event_id: string;
}

/**
 * Walks records in sequence order and names the first broken link. Per record, in this order:
 * the sequence follows the previous one (a gap means a deleted record), the stored hash equals the
 * recomputed one (an edited member), prev_hash equals the previous record's hash (a reordered or
 * re-hashed neighbour), a checkpoint signed for this sequence has a valid signature and the same
 * hash (a rewritten chain), and the record a verification receipt names is unchanged and its
 * checkpoint still there. Pure: records and checkpoints come in, a verdict comes out.
 */
export class ChainVerifier {
  private previous: ChainLink;
  private lastSeen: AuditRecord | undefined;
  checked = 0;
  checkpointsChecked = 0;
  /** The newest checkpoint confirmed so far: where a receipt may be issued once the walk is clean. */
  lastCheckpoint: Checkpoint | undefined;
  broken: BrokenLink | undefined;

  constructor(
    start: ChainLink,
    private readonly checkpoints: ReadonlyMap<number, Checkpoint>,
    private readonly keys: TrustedKeys,
    private readonly expected?: ExpectedLink,
  ) {
    this.previous = start;
  }

  /** Checks the next record; returns the first broken link once found (and keeps returning it). */
  accept(record: AuditRecord): BrokenLink | undefined {
    if (this.broken) return this.broken;
    this.checked += 1;
    const reason = this.reasonToReject(record);
    if (reason) {
      this.broken = { event_id: record.event_id, sequence: record.sequence, reason };
      return this.broken;
    }
    this.previous = { sequence: record.sequence, hash: record.hash };
    this.lastSeen = record;
    return undefined;
  }

  /** After the last record: a checkpoint beyond it means records were cut off the end. */
  finish(): BrokenLink | undefined {
    if (this.broken) return this.broken;
    const end = this.lastSeen?.sequence ?? this.previous.sequence;
    const beyond: ExpectedLink[] = [...this.checkpoints.values()].filter((checkpoint) => checkpoint.sequence > end);
    if (this.expected && this.expected.sequence > end) beyond.push(this.expected);
    const first = beyond.sort((a, b) => a.sequence - b.sequence)[0];
    if (first) this.broken = { event_id: first.event_id, sequence: first.sequence, reason: 'truncated' };
    return this.broken;
  }

  private reasonToReject(record: AuditRecord): BrokenReason | undefined {
    const next = this.previous.sequence + 1;
    if (record.sequence > next) return 'sequence_gap';
    if (record.sequence < next) return 'sequence_out_of_order';
    if (hashRecord(record) !== record.hash) return 'hash_mismatch';
    if (record.prev_hash !== this.previous.hash) return 'prev_hash_mismatch';
    const checkpoint = this.checkpoints.get(record.sequence);
    const receipted = this.expected?.sequence === record.sequence ? this.expected : undefined;
    if (receipted && (receipted.hash !== record.hash || receipted.event_id !== record.event_id)) return 'checkpoint_mismatch';
    if (receipted && !checkpoint) return 'checkpoint_missing';
    if (!checkpoint) return undefined;
    this.checkpointsChecked += 1;
    if (!isCheckpointSignatureValid(this.keys, checkpoint)) return 'checkpoint_signature_invalid';
    if (checkpoint.hash !== record.hash || checkpoint.event_id !== record.event_id) return 'checkpoint_mismatch';
    this.lastCheckpoint = checkpoint;
    return undefined;
  }
}
