import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@qilbee/event-store';
import type { CheckpointStore } from '../../app/ports';
import type { Checkpoint } from '../../domain/checkpoint';
import { AUDIT_CHECKPOINTS } from './auditDocuments';

type CheckpointDocument = Checkpoint & { _id: number };

function toCheckpoint({ _id, ...checkpoint }: CheckpointDocument): Checkpoint {
  return checkpoint;
}

/** Signed checkpoints, one document per checkpointed sequence, insert-only. */
export class MongoCheckpointStore implements CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db) {
    this.checkpoints = db.collection<CheckpointDocument>(AUDIT_CHECKPOINTS);
  }

  async latest(): Promise<Checkpoint | undefined> {
    const doc = await this.checkpoints.find({}).sort({ _id: -1 }).limit(1).next();
    return doc ? toCheckpoint(doc) : undefined;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    try {
      await this.checkpoints.insertOne({ _id: checkpoint.sequence, ...checkpoint });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async inRange(fromSequence: number, toSequence?: number): Promise<Checkpoint[]> {
    const range: Record<string, number> = { $gte: fromSequence };
    if (toSequence !== undefined) range.$lte = toSequence;
    const docs = await this.checkpoints.find({ _id: range }).sort({ _id: 1 }).toArray();
    return docs.map(toCheckpoint);
  }
}
