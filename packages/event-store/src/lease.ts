import type { Collection, Db } from 'mongodb';
import type { Clock } from '@qilbee/kernel';
import { isDuplicateKey } from './mongoEventStore';

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * A time-bounded lease in one document, so that one instance of a service does a job (the outbox
 * relay) while the others stand by and take over when it stops renewing. Built from single-document
 * conditional writes only: no transactions, works on MongoDB and FerretDB alike.
 */
export class Lease {
  private readonly leases: Collection<LeaseDocument>;

  constructor(
    db: Db,
    private readonly name: string,
    readonly owner: string,
    readonly ttlMs: number,
    private readonly clock: Clock,
  ) {
    this.leases = db.collection<LeaseDocument>('leases');
  }

  /** Takes or renews the lease; true while this owner holds it. */
  async tryAcquire(): Promise<boolean> {
    const nowMs = this.clock.nowMs();
    const expiresAt = new Date(nowMs + this.ttlMs);
    try {
      await this.leases.insertOne({ _id: this.name, owner: this.owner, expiresAt });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const result = await this.leases.updateOne(
      { _id: this.name, $or: [{ owner: this.owner }, { expiresAt: { $lt: new Date(nowMs) } }] },
      { $set: { owner: this.owner, expiresAt } },
    );
    return result.matchedCount === 1;
  }

  /** Gives the lease up at once so a standby does not wait for the expiry. */
  async release(): Promise<void> {
    await this.leases.deleteOne({ _id: this.name, owner: this.owner });
  }
}
