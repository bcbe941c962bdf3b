import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@qilbee/event-store';
import type { ReceiptStore } from '../../app/ports';
import type { VerificationReceipt } from '../../domain/verificationReceipt';
import { AUDIT_RECEIPTS } from './auditDocuments';

type ReceiptDocument = VerificationReceipt & { _id: number };

/** Verification receipts, one document per receipted sequence, insert-only; the highest is current. */
export class MongoReceiptStore implements ReceiptStore {
  private readonly receipts: Collection<ReceiptDocument>;

  constructor(db: Db) {
    this.receipts = db.collection<ReceiptDocument>(AUDIT_RECEIPTS);
  }

  async latest(): Promise<VerificationReceipt | undefined> {
    const doc = await this.receipts.find({}).sort({ _id: -1 }).limit(1).next();
    if (!doc) return undefined;
    const { _id, ...receipt } = doc;
    return receipt;
  }

  async save(receipt: VerificationReceipt): Promise<void> {
    try {
      await this.receipts.insertOne({ _id: receipt.sequence, ...receipt });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
