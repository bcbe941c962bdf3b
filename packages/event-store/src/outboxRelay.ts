import type { Collection } from 'mongodb';
import type { EventPublisher } from '@qilbee/kafka-kit';
import type { Logger } from '@qilbee/logger';
import type { Lease } from './lease';
import type { CommitDocument } from './mongoEventStore';
import type { Publication } from './types';

export interface OutboxRelayOptions {
  commits: Collection<CommitDocument>;
  publisher: EventPublisher;
  lease: Lease;
  logger: Logger;
  /** How often an idle relay looks for work (appends in this process also wake it at once). */
  pollMs?: number;
  batchSize?: number;
}

/**
 * Transactional outbox without transactions: a commit and its publications are one document;
 * the relay sends pending publications to Kafka and marks the commit published only after the
 * broker acknowledged. A crash in between re-sends, and consumers dedupe by event id, so nothing
 * is lost and nothing is applied twice. Only the lease holder relays.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private isLeader = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  get leader(): boolean {
    return this.isLeader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Appends call this so their events leave at once instead of at the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    if (this.isLeader) await this.options.lease.release().catch(() => undefined);
    this.isLeader = false;
  }

  /** One pass: relays up to one batch. Returns how many commits it published. */
  async relayOnce(): Promise<number> {
    this.isLeader = await this.options.lease.tryAcquire();
    if (!this.isLeader) return 0;
    const pending = await this.options.commits
      .find({ published: false }, { projection: { _id: 1, outbox: 1 } })
      .sort({ _id: 1 })
      .limit(this.options.batchSize ?? 500)
      .toArray();
    if (pending.length === 0) return 0;
    await this.publishAll(pending.flatMap((commit) => commit.outbox));
    await this.markPublished(pending.map((commit) => commit._id));
    return pending.length;
  }

  /** Marks commits published; a separate method so tests can simulate a crash right before it. */
  protected async markPublished(ids: string[]): Promise<void> {
    await this.options.commits.updateMany({ _id: { $in: ids } }, { $set: { published: true } });
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
