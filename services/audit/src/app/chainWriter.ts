import type { AuditFields } from '@qilbee/contracts';
import { toRfc3339, type Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import { GENESIS_LINK, type AuditRecord, type ChainLink } from '../domain/auditRecord';
import { signCheckpoint, type Checkpoint } from '../domain/checkpoint';
import { chainRecords, linkOf } from '../domain/hashChain';
import type { SigningKey } from '../domain/signature';
import type { AnchorStore, AuditRecordStore, CheckpointStore } from './ports';

export interface ChainWriterDeps {
  records: AuditRecordStore;
  checkpoints: CheckpointStore;
  anchors: AnchorStore;
  signingKey: SigningKey;
  clock: Clock;
  /** A new signed checkpoint is written when the chain grew and this long passed since the last. */
  checkpointIntervalMs: number;
  logger?: Logger;
}

export interface AppendResult {
  stored: number;
  duplicates: number;
}

const APPEND_ATTEMPTS = 3;

/**
 * The single writer of the chain. Appends are serialised in-process; across processes a lease
 * keeps one writer and the unique sequence index turns any race into a failed insert, never a
 * fork. Crash safety: inserts keep order, so whatever an interrupted insert stored is a prefix;
 * when an insert fails (a redelivered event hits its unique id, or the process died), the events
 * already stored are dropped and the rest is chained again from the last stored record, so the
 * chain has no gaps and no duplicates. The happy path is one ordered insertMany from the cached
 * tail: no lookup per chunk (on FerretDB an `$in` or sorted query scans the whole collection).
 */
export class ChainWriter {
  private tail: ChainLink | undefined;
  private lastCheckpoint: { sequence: number; atMs: number } | undefined;
  private lastAppended: AuditRecord | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ChainWriterDeps) {}

  /**
   * Runs `work` alone: no other append runs beside it. Retention uses this and appends its own
   * event through the `append` it is handed (calling `this.append` inside would wait on itself).
   */
  exclusive<T>(work: (append: (events: readonly AuditFields[]) => Promise<AppendResult>) => Promise<T>): Promise<T> {
    const run = this.queue.then(
      () => work((events) => this.appendNow(events)),
      () => work((events) => this.appendNow(events)),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  append(events: readonly AuditFields[]): Promise<AppendResult> {
    return this.exclusive((appendNow) => appendNow(events));
  }

  /** Forgets the cached tail, e.g. after retention or when another writer may have written. */
  resetTail(): void {
    this.tail = undefined;
  }

  /** Signs the current end of the chain if it moved since the last checkpoint. */
  checkpointNow(): Promise<Checkpoint | undefined> {
    return this.exclusive(async () => {
      const last = this.lastAppended ?? (await this.deps.records.lastRecord());
      return last ? this.writeCheckpoint(last) : undefined;
    });
  }

  private async appendNow(events: readonly AuditFields[]): Promise<AppendResult> {
    let pending = [...new Map(events.map((event) => [event.event_id, event])).values()];
    for (let attempt = 1; ; attempt += 1) {
      const tail = this.tail ?? (await this.readTail());
      const records = chainRecords(pending, tail, toRfc3339(this.deps.clock.nowMs()));
      try {
        await this.deps.records.insertInOrder(records);
      } catch (error) {
        // A duplicate id (redelivery), a taken sequence (another writer) or a crash: the stored part
        // is a prefix, so drop what is stored now and chain the rest from the real tail.
        this.tail = undefined;
        if (attempt >= APPEND_ATTEMPTS) throw error;
        this.deps.logger?.info({ err: error, attempt }, 'audit append interrupted; re-reading the chain tail');
        const stored = await this.deps.records.storedIds(pending.map((event) => event.event_id));
        pending = pending.filter((event) => !stored.has(event.event_id));
        if (pending.length === 0) return { stored: 0, duplicates: events.length };
        continue;
      }
      const last = records[records.length - 1] as AuditRecord;
      this.tail = linkOf(last);
      this.lastAppended = last;
      await this.checkpointIfDue(last);
      return { stored: records.length, duplicates: events.length - records.length };
    }
  }

  private async readTail(): Promise<ChainLink> {
    const last = await this.deps.records.lastRecord();
    if (last) return linkOf(last);
    const anchor = await this.deps.anchors.latest();
    return anchor ? { sequence: anchor.sequence, hash: anchor.hash } : GENESIS_LINK;
  }

  private async checkpointIfDue(last: AuditRecord): Promise<void> {
    if (!this.lastCheckpoint) {
      const latest = await this.deps.checkpoints.latest();
      this.lastCheckpoint = latest ? { sequence: latest.sequence, atMs: Date.parse(latest.signed_at) } : { sequence: 0, atMs: 0 };
    }
    if (this.deps.clock.nowMs() - this.lastCheckpoint.atMs < this.deps.checkpointIntervalMs) return;
    await this.writeCheckpoint(last);
  }

  private async writeCheckpoint(last: AuditRecord): Promise<Checkpoint | undefined> {
    if (this.lastCheckpoint && this.lastCheckpoint.sequence >= last.sequence) return undefined;
    const nowMs = this.deps.clock.nowMs();
    const checkpoint = signCheckpoint(this.deps.signingKey, last, toRfc3339(nowMs));
    await this.deps.checkpoints.save(checkpoint);
    this.lastCheckpoint = { sequence: last.sequence, atMs: nowMs };
    return checkpoint;
  }
}
