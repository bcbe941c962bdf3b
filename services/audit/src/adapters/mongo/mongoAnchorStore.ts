import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@qilbee/event-store';
import type { AnchorStore } from '../../app/ports';
import type { RetentionAnchor } from '../../domain/retentionAnchor';
import { AUDIT_ANCHORS } from './auditDocuments';

type AnchorDocument = RetentionAnchor & { _id: number };

/** Retention anchors, one per retention run, insert-only; the highest sequence is current. */
export class MongoAnchorStore implements AnchorStore {
  private readonly anchors: Collection<AnchorDocument>;

  constructor(db: Db) {
    this.anchors = db.collection<AnchorDocument>(AUDIT_ANCHORS);
  }

  async latest(): Promise<RetentionAnchor | undefined> {
    const doc = await this.anchors.find({}).sort({ _id: -1 }).limit(1).next();
    if (!doc) return undefined;
    const { _id, ...anchor } = doc;
    return anchor;
  }

  async save(anchor: RetentionAnchor): Promise<void> {
    try {
      await this.anchors.insertOne({ _id: anchor.sequence, ...anchor });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
