import type { AuditRecord } from '../domain/auditRecord';
import type { AuditQuery } from '../domain/auditQuery';
import type { Checkpoint } from '../domain/checkpoint';
import type { RetentionAnchor } from '../domain/retentionAnchor';
import type { VerificationReceipt } from '../domain/verificationReceipt';
import type { AnchorStore, AuditRecordStore, CheckpointStore, ReceiptStore, TypeResultCount } from './ports';

const within = (value: string, from?: string, to?: string) => (from === undefined || value >= from) && (to === undefined || value <= to);

/**
 * The in-memory twin of the audit collection, with the same contract: unique ids and sequences,
 * ordered inserts that stop at the first failure. `crashAfter(n)` makes the next insert store only
 * n records and fail, and every insert after it fail, as a process dying mid-write would.
 */
export class InMemoryAuditStore implements AuditRecordStore {
  readonly bySequence = new Map<number, AuditRecord>();
  private readonly ids = new Set<string>();
  private failAfter: number | undefined;
  private crashed = false;

  crashAfter(stored: number): void {
    this.failAfter = stored;
  }

  recover(): void {
    this.crashed = false;
  }

  async storedIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.ids.has(id)));
  }

  async lastRecord(): Promise<AuditRecord | undefined> {
    return this.sorted().at(-1);
  }

  async insertInOrder(records: readonly AuditRecord[]): Promise<void> {
    if (this.crashed) throw new Error('store unreachable: the writer crashed');
    const limit = this.failAfter;
    this.failAfter = undefined;
    for (const [index, record] of records.entries()) {
      if (limit !== undefined && index >= limit) {
        this.crashed = true;
        throw new Error('crashed mid-write');
      }
      if (this.ids.has(record.event_id) || this.bySequence.has(record.sequence)) throw Object.assign(new Error('duplicate key'), { code: 11000 });
      this.ids.add(record.event_id);
      this.bySequence.set(record.sequence, structuredClone(record));
    }
  }

  async findBySequence(sequence: number): Promise<AuditRecord | undefined> {
    return this.bySequence.get(sequence);
  }

  async *walk(fromSequence: number, toSequence?: number): AsyncIterable<AuditRecord> {
    yield* this.sorted().filter((r) => r.sequence >= fromSequence && (toSequence === undefined || r.sequence <= toSequence));
  }

  async sequenceRange(from?: string, to?: string): Promise<{ first: number; last: number } | undefined> {
    const inRange = this.sorted().filter((r) => within(r.transaction_time, from, to));
    const first = inRange[0];
    const last = inRange.at(-1);
    return first && last ? { first: first.sequence, last: last.sequence } : undefined;
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    return this.sorted()
      .filter((r) => Object.entries(query.equals).every(([field, value]) => (r as unknown as Record<string, unknown>)[field] === value))
      .filter((r) => within(r.timestamp, query.startTime, query.endTime))
      .filter((r) => !query.after || r.timestamp < query.after.timestamp || (r.timestamp === query.after.timestamp && r.sequence < query.after.sequence))
      .sort((a, b) => (a.timestamp === b.timestamp ? b.sequence - a.sequence : a.timestamp < b.timestamp ? 1 : -1))
      .slice(0, query.limit + 1);
  }

  async countByTypeAndResult(startTime?: string, endTime?: string): Promise<TypeResultCount[]> {
    const counts = new Map<string, TypeResultCount>();
    for (const r of this.sorted().filter((record) => within(record.timestamp, startTime, endTime))) {
      const key = `${r.event_type}/${r.result}`;
      const bucket = counts.get(key) ?? { event_type: r.event_type, result: r.result, count: 0 };
      bucket.count += 1;
      counts.set(key, bucket);
    }
    return [...counts.values()];
  }

  async *exportByTimestamp(startTime?: string, endTime?: string): AsyncIterable<AuditRecord> {
    yield* this.sorted().filter((r) => within(r.timestamp, startTime, endTime));
  }

  async lastSequenceStoredBefore(transactionTime: string): Promise<number | undefined> {
    return this.sorted().filter((r) => r.transaction_time < transactionTime).at(-1)?.sequence;
  }

  async deleteThrough(sequence: number): Promise<number> {
    let removed = 0;
    for (const record of this.sorted().filter((r) => r.sequence <= sequence)) {
      this.bySequence.delete(record.sequence);
      this.ids.delete(record.event_id);
      removed += 1;
    }
    return removed;
  }

  private sorted(): AuditRecord[] {
    return [...this.bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  }
}

export class InMemoryCheckpointStore implements CheckpointStore {
  readonly saved = new Map<number, Checkpoint>();

  async latest(): Promise<Checkpoint | undefined> {
    return [...this.saved.values()].sort((a, b) => a.sequence - b.sequence).at(-1);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    if (!this.saved.has(checkpoint.sequence)) this.saved.set(checkpoint.sequence, checkpoint);
  }

  async inRange(fromSequence: number, toSequence?: number): Promise<Checkpoint[]> {
    return [...this.saved.values()]
      .filter((c) => c.sequence >= fromSequence && (toSequence === undefined || c.sequence <= toSequence))
      .sort((a, b) => a.sequence - b.sequence);
  }
}

export class InMemoryAnchorStore implements AnchorStore {
  readonly saved: RetentionAnchor[] = [];

  async latest(): Promise<RetentionAnchor | undefined> {
    return [...this.saved].sort((a, b) => a.sequence - b.sequence).at(-1);
  }

  async save(anchor: RetentionAnchor): Promise<void> {
    if (!this.saved.some((a) => a.sequence === anchor.sequence)) this.saved.push(anchor);
  }
}

export class InMemoryReceiptStore implements ReceiptStore {
  readonly saved = new Map<number, VerificationReceipt>();

  async latest(): Promise<VerificationReceipt | undefined> {
    return [...this.saved.values()].sort((a, b) => a.sequence - b.sequence).at(-1);
  }

  async save(receipt: VerificationReceipt): Promise<void> {
    if (!this.saved.has(receipt.sequence)) this.saved.set(receipt.sequence, receipt);
  }
}
