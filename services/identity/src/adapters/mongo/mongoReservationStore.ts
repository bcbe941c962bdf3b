import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@qilbee/event-store';
import type { ReservationStore } from '../../app/ports';

interface ReservationDoc {
  _id: string;
  ownerId: string;
  reservedAt: Date;
}

export const RESERVATIONS_COLLECTION = 'reservations';

/** One document per reserved name; the unique `_id` decides every race, no transaction needed. */
export class MongoReservationStore implements ReservationStore {
  private readonly docs: Collection<ReservationDoc>;

  constructor(db: Db) {
    this.docs = db.collection<ReservationDoc>(RESERVATIONS_COLLECTION);
  }

  async reserve(key: string, ownerId: string, nowMs: number): Promise<'reserved' | 'taken'> {
    try {
      await this.docs.insertOne({ _id: key, ownerId, reservedAt: new Date(nowMs) });
      return 'reserved';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = await this.docs.findOne({ _id: key });
    return existing?.ownerId === ownerId ? 'reserved' : 'taken';
  }

  async release(key: string, ownerId: string): Promise<void> {
    await this.docs.deleteOne({ _id: key, ownerId });
  }

  async holder(key: string): Promise<{ ownerId: string; reservedAtMs: number } | null> {
    const doc = await this.docs.findOne({ _id: key });
    return doc ? { ownerId: doc.ownerId, reservedAtMs: doc.reservedAt.getTime() } : null;
  }

  async takeOver(key: string, fromOwnerId: string, toOwnerId: string, nowMs: number): Promise<boolean> {
    const result = await this.docs.updateOne({ _id: key, ownerId: fromOwnerId }, { $set: { ownerId: toOwnerId, reservedAt: new Date(nowMs) } });
    return result.modifiedCount === 1;
  }
}
