import type { Collection } from 'mongodb';
import type { EventPublisher } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';
import type { Lease } from './lease';
import { storeOf, type CommitDocument, type MongoEventStore } from './mongoEventStore';
import { deleteByIds, deleteSettled, markByIds, type PendingCommit } from './pendingCommits';
import type { Publication } from './types';

export interface OutboxRelayOptions {
  /** `store.commits` of the MongoEventStore whose publications this relay sends. */
  commits: Collection<CommitDocument>;
  publisher: EventPublisher;
  lease: Lease;
  logger: Logger;
  /** How often an idle relay looks for work in the store (appends in this process wake it at once). */
  pollMs?: number;
  batchSize?: number;
  /** A pending entry whose commit still does not exist after this long belongs to a failed append. */
  abandonAfterMs?: number;
  /** How often the lease is renewed (it must be well under the lease's time to live). */
  renewEveryMs?: number;
}

const MAX_BUFFERED = 100_000;

type PendingWork = Pick<PendingCommit, '_id' | 'outbox' | 'createdAt'>;

/**
 * Transactional outbox without transactions: an append stores its publications in a pending entry
 * before the commit; the relay sends them once the commit exists and marks them published only
 * after Kafka acknowledged. A crash in between re-sends, and consumers dedupe by event id, so
 * nothing is lost and nothing is applied twice. Only the lease holder relays.
 *
 * Two paths: commits made in this process reach the relay in memory (no store read at all; the
 * store only sees one delete per batch), while commits of other instances, and everything left
 * after a crash or a leader change, are found in the store ("backlog"). The backlog is drained
 * first after taking the lease, so one instance's events leave in the order they were committed.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private isLeader = false;
  private lastRenewedMs = 0;
  private backlogDrained = false;
  private lastBacklogScanMs = 0;
  private readonly store: MongoEventStore;
  private readonly pending: Collection<PendingCommit>;
  /** Commits this process made while leading, in commit order: relayed without reading the store. */
  private readonly buffered = new Map<string, Publication[]>();
  private readonly onCommitted = (commitId: string, publications: Publication[]) => {
    if (this.isLeader && this.backlogDrained && publications.length > 0 && this.buffered.size < MAX_BUFFERED) {
      this.buffered.set(commitId, publications);
    }
    this.notify();
  };

  constructor(private readonly options: OutboxRelayOptions) {
    this.store = storeOf(options.commits);
    this.pending = this.store.pending;
    this.store.notifications.on('committed', this.onCommitted);
  }

  get leader(): boolean {
    return this.isLeader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.store.notifications.off('committed', this.onCommitted);
    this.notify();
    await this.loop;
    if (this.isLeader) await this.options.lease.release().catch(() => undefined);
    this.isLeader = false;
  }

  /** One pass: relays up to one batch. Returns how many commits it published. */
  async relayOnce(): Promise<number> {
    if (!(await this.holdLease())) return 0;
    const backlogDue = Date.now() - this.lastBacklogScanMs >= (this.options.pollMs ?? 200);
    if (this.backlogDrained && (this.buffered.size > 0 || !backlogDue)) return this.relayBuffered();
    const relayed = await this.relayBacklog();
    this.lastBacklogScanMs = Date.now();
    if (relayed === 0) this.backlogDrained = true;
    return relayed;
  }

  /** Marks entries published; a separate method so tests can simulate a crash right before it. */
  protected async markPublished(ids: string[]): Promise<void> {
    const by = { delete: [] as string[], mark: [] as string[], unknown: [] as string[] };
    for (const id of ids) by[this.store.settlement.settle(id, 'published')].push(id);
    // This process's own commits: one write by _id each (see PendingSettlement).
    await deleteByIds(this.pending, by.delete);
    await markByIds(this.pending, by.mark, { published: true });
    if (by.unknown.length === 0) return;
    const deleted = await this.pending.deleteMany({ _id: { $in: by.unknown }, projected: true });
    if (deleted.deletedCount < by.unknown.length) await this.pending.updateMany({ _id: { $in: by.unknown } }, { $set: { published: true } });
  }

  private async holdLease(): Promise<boolean> {
    const nowMs = Date.now();
    if (this.isLeader && nowMs - this.lastRenewedMs < (this.options.renewEveryMs ?? this.options.lease.ttlMs / 3)) return true;
    this.isLeader = await this.options.lease.tryAcquire();
    this.lastRenewedMs = nowMs;
    if (!this.isLeader) {
      this.buffered.clear();
      this.backlogDrained = false;
    }
    return this.isLeader;
  }

  private async relayBuffered(): Promise<number> {
    const batch = [...this.buffered.entries()].slice(0, this.options.batchSize ?? 1000);
    if (batch.length === 0) return 0;
    await this.publishAll(batch.flatMap(([, publications]) => publications));
    const ids = batch.map(([id]) => id);
    await this.markPublished(ids);
    for (const id of ids) this.buffered.delete(id);
    return batch.length;
  }

  private async relayBacklog(): Promise<number> {
    const entries = await this.pending
      .find({ published: false }, { projection: { _id: 1, outbox: 1, createdAt: 1 } })
      .sort({ _id: 1 })
      .limit(this.options.batchSize ?? 1000)
      .toArray();
    if (entries.length === 0) {
      await deleteSettled(this.pending);
      return 0;
    }
    const ready = (await this.committedOnly(entries)).filter((entry) => !this.buffered.has(entry._id));
    if (ready.length === 0) return 0;
    await this.publishAll(ready.flatMap((entry) => entry.outbox));
    await this.markPublished(ready.map((entry) => entry._id));
    return ready.length;
  }

  /** Keeps entries whose commit exists, in order; drops entries of appends that died before their commit. */
  private async committedOnly(entries: PendingWork[]): Promise<PendingWork[]> {
    const existing = await this.store.existing(entries.map((entry) => entry._id));
    const abandonBefore = Date.now() - (this.options.abandonAfterMs ?? 60_000);
    const abandoned = entries.filter((e) => !existing.has(e._id) && e.createdAt.getTime() < abandonBefore);
    if (abandoned.length > 0) {
      await this.pending.deleteMany({ _id: { $in: abandoned.map((e) => e._id) } });
      this.options.logger.warn({ count: abandoned.length }, 'dropped pending publications of appends that never committed');
    }
    // Stop at the first entry still in flight so per-subject order is kept.
    const ready: PendingWork[] = [];
    for (const entry of entries) {
      if (existing.has(entry._id)) ready.push(entry);
      else if (!abandoned.includes(entry)) break;
    }
    return ready;
  }

  private async publishAll(publications: Publication[]): Promise<void> {
    const byTopic = new Map<string, Publication[]>();
    for (const p of publications) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
    for (const [topic, records] of byTopic) {
      await this.options.publisher.publish(
        topic,
        records.map((r) => ({ key: r.key, value: r.value, headers: { 'content-type': 'application/cloudevents+json', 'ce-id': r.eventId } })),
      );
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.logger.warn({ err: error, failures }, 'outbox relay pass failed; will retry');
      }
      if (relayed === 0 && this.running) await this.sleep(Math.min((this.options.pollMs ?? 200) * 2 ** failures, 5000));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
