import type { AuditRecord } from '../domain/auditRecord';
import type { AuditQuery } from '../domain/auditQuery';
import type { Checkpoint } from '../domain/checkpoint';
import type { RetentionAnchor } from '../domain/retentionAnchor';
import type { VerificationReceipt } from '../domain/verificationReceipt';

export interface TypeResultCount {
  event_type: string;
  result: string;
  count: number;
}

/** The append-only audit collection. Only retention removes records; nothing updates them. */
export interface AuditRecordStore {
  /** The ids among `ids` that are stored already. */
  storedIds(ids: readonly string[]): Promise<Set<string>>;
  /** The record with the highest sequence. */
  lastRecord(): Promise<AuditRecord | undefined>;
  /**
   * Inserts in the order given and stops at the first failure, so after a crash or an error the
   * stored part is always a prefix (never a subset with holes the chain could not bridge).
   * Sequences are unique: a second writer racing on the same sequence fails instead of forking.
   */
  insertInOrder(records: readonly AuditRecord[]): Promise<void>;
  findBySequence(sequence: number): Promise<AuditRecord | undefined>;
  /** Records with fromSequence <= sequence <= toSequence, ascending. */
  walk(fromSequence: number, toSequence?: number): AsyncIterable<AuditRecord>;
  /** First and last sequence stored within [from, to] by transaction_time. */
  sequenceRange(fromTransactionTime?: string, toTransactionTime?: string): Promise<{ first: number; last: number } | undefined>;
  /** Up to query.limit + 1 records, newest first by timestamp, ties by sequence. */
  query(query: AuditQuery): Promise<AuditRecord[]>;
  countByTypeAndResult(startTime?: string, endTime?: string): Promise<TypeResultCount[]>;
  /** Records whose timestamp is in [startTime, endTime], in sequence order. */
  exportByTimestamp(startTime?: string, endTime?: string): AsyncIterable<AuditRecord>;
  /** The highest sequence stored before the given transaction time. */
  lastSequenceStoredBefore(transactionTime: string): Promise<number | undefined>;
  /** Retention only: removes every record up to and including `sequence`; the count removed. */
  deleteThrough(sequence: number): Promise<number>;
}

export interface CheckpointStore {
  latest(): Promise<Checkpoint | undefined>;
  /** Idempotent per sequence. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** Checkpoints with fromSequence <= sequence (<= toSequence when given). */
  inRange(fromSequence: number, toSequence?: number): Promise<Checkpoint[]>;
}

/** Verification receipts, insert-only; the latest (highest sequence) is where Verify resumes. */
export interface ReceiptStore {
  latest(): Promise<VerificationReceipt | undefined>;
  /** Idempotent per sequence. */
  save(receipt: VerificationReceipt): Promise<void>;
}

/** Retention anchors, append-only; the latest is where the stored chain starts. */
export interface AnchorStore {
  latest(): Promise<RetentionAnchor | undefined>;
  save(anchor: RetentionAnchor): Promise<void>;
}

export interface ArchiveResult {
  file: string;
  sha256: string;
  count: number;
}

/** Writes records as one compressed NDJSON archive, durable before it resolves. */
export interface ArchiveWriter {
  write(name: string, records: AsyncIterable<AuditRecord>): Promise<ArchiveResult>;
}
