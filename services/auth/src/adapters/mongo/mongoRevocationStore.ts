import type { Collection, Db } from 'mongodb';
import { updateOneByOne } from '@qilbee/event-store';
import type { RevocationStore } from '../../app/ports/revocationStore';
import type { RevocationFact } from '@qilbee/tokens';

type RevocationDocument = { _id: string; kind: 'token'; jti: string; expiresAtMs: number } | { _id: string; kind: 'user'; userId: string; notBeforeMs: number };

/**
 * One document per revoked jti (until the token's own expiry) and per user not-before. Expired jti
 * documents are deleted by `pruneExpired`, called on a timer: no TTL index (FerretDB has none).
 */
export class MongoRevocationStore implements RevocationStore {
  private readonly revocations: Collection<RevocationDocument>;

  constructor(db: Db) {
    this.revocations = db.collection<RevocationDocument>('revocations');
  }

  async ensureIndexes(): Promise<void> {
    await this.revocations.createIndex({ kind: 1, expiresAtMs: 1 }, { name: 'kind_expiry' });
  }

  async save(facts: RevocationFact[]): Promise<void> {
    if (facts.length === 0) return;
    const updates = facts.map((fact) =>
      fact.kind === 'token'
        ? { filter: { _id: `jti:${fact.jti}` }, update: { $set: { kind: 'token', jti: fact.jti }, $max: { expiresAtMs: fact.expiresAtMs } }, upsert: true }
        : { filter: { _id: `user:${fact.userId}` }, update: { $set: { kind: 'user', userId: fact.userId }, $max: { notBeforeMs: fact.notBeforeMs } }, upsert: true },
    );
    await updateOneByOne(this.revocations, updates as never);
  }

  async loadActive(nowMs: number): Promise<RevocationFact[]> {
    const docs = await this.revocations.find({ $or: [{ kind: 'user' }, { kind: 'token', expiresAtMs: { $gt: nowMs } }] } as never).toArray();
    return docs.map((doc): RevocationFact => (doc.kind === 'token' ? { kind: 'token', jti: doc.jti, expiresAtMs: doc.expiresAtMs } : { kind: 'user', userId: doc.userId, notBeforeMs: doc.notBeforeMs }));
  }

  async pruneExpired(nowMs: number): Promise<number> {
    const result = await this.revocations.deleteMany({ kind: 'token', expiresAtMs: { $lte: nowMs } } as never);
    return result.deletedCount;
  }
}
