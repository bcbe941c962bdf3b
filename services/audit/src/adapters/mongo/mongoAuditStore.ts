import type { Collection, Db, Filter } from 'mongodb';
import type { AuditRecord } from '../../domain/auditRecord';
import type { AuditQuery } from '../../domain/auditQuery';
import type { AuditRecordStore, TypeResultCount } from '../../app/ports';
import { AUDIT_EVENTS, toDocument, toRecord, type AuditDocument } from './auditDocuments';

const WALK_BATCH = 1000;

function timeRange(field: 'timestamp' | 'transaction_time', from?: string, to?: string): Filter<AuditDocument> {
  if (from === undefined && to === undefined) return {};
  const range: Record<string, string> = {};
  if (from !== undefined) range.$gte = from;
  if (to !== undefined) range.$lte = to;
  return { [field]: range } as Filter<AuditDocument>;
}

/**
 * The audit_events collection. Writes are insert-only (ordered, so a failure leaves a prefix);
 * the only removal is `deleteThrough`, used by retention. Reads use operations FerretDB supports
 * ($match/$group with $sum, no $lookup, no transactions).
 */
export class MongoAuditStore implements AuditRecordStore {
  readonly events: Collection<AuditDocument>;

  constructor(db: Db) {
    this.events = db.collection<AuditDocument>(AUDIT_EVENTS);
  }

  async ensureIndexes(): Promise<void> {
    await this.events.createIndex({ sequence: 1 }, { unique: true, name: 'sequence_unique' });
    await this.events.createIndex({ timestamp: -1, sequence: -1 }, { name: 'newest_first' });
    await this.events.createIndex({ transaction_time: 1 }, { name: 'stored_time' });
    await this.events.createIndex({ event_type: 1, timestamp: -1 }, { name: 'by_event_type' });
    await this.events.createIndex({ username: 1, timestamp: -1 }, { name: 'by_username' });
    await this.events.createIndex({ user_id: 1, timestamp: -1 }, { name: 'by_user_id' });
  }

  async storedIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await this.events.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((doc) => doc._id));
  }

  async lastRecord(): Promise<AuditRecord | undefined> {
    const doc = await this.events.find({}).sort({ sequence: -1 }).limit(1).next();
    return doc ? toRecord(doc) : undefined;
  }

  async insertInOrder(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.events.insertMany(records.map(toDocument), { ordered: true });
  }

  async findBySequence(sequence: number): Promise<AuditRecord | undefined> {
    const doc = await this.events.findOne({ sequence });
    return doc ? toRecord(doc) : undefined;
  }

  async *walk(fromSequence: number, toSequence?: number): AsyncIterable<AuditRecord> {
    // Paged by sequence rather than one long cursor, so a long walk never outlives a cursor timeout.
    let next = fromSequence;
    for (;;) {
      const range: Record<string, number> = { $gte: next };
      if (toSequence !== undefined) range.$lte = toSequence;
      const page = await this.events.find({ sequence: range }).sort({ sequence: 1 }).limit(WALK_BATCH).toArray();
      for (const doc of page) yield toRecord(doc);
      const last = page[page.length - 1];
      if (!last || page.length < WALK_BATCH) return;
      next = last.sequence + 1;
    }
  }

  async sequenceRange(from?: string, to?: string): Promise<{ first: number; last: number } | undefined> {
    const filter = timeRange('transaction_time', from, to);
    const first = await this.events.find(filter, { projection: { sequence: 1 } }).sort({ sequence: 1 }).limit(1).next();
    const last = await this.events.find(filter, { projection: { sequence: 1 } }).sort({ sequence: -1 }).limit(1).next();
    return first && last ? { first: first.sequence, last: last.sequence } : undefined;
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const clauses: Filter<AuditDocument>[] = [];
    for (const [field, value] of Object.entries(query.equals)) clauses.push({ [field]: value } as Filter<AuditDocument>);
    if (query.startTime !== undefined || query.endTime !== undefined) clauses.push(timeRange('timestamp', query.startTime, query.endTime));
    if (query.after) {
      const { timestamp, sequence } = query.after;
      clauses.push({ $or: [{ timestamp: { $lt: timestamp } }, { timestamp, sequence: { $lt: sequence } }] });
    }
    const filter: Filter<AuditDocument> = clauses.length > 0 ? { $and: clauses } : {};
    const docs = await this.events.find(filter).sort({ timestamp: -1, sequence: -1 }).limit(query.limit + 1).toArray();
    return docs.map(toRecord);
  }

  async countByTypeAndResult(startTime?: string, endTime?: string): Promise<TypeResultCount[]> {
    const groups = await this.events
      .aggregate<{ _id: { event_type: string; result: string }; count: number }>([
        { $match: timeRange('timestamp', startTime, endTime) },
        { $group: { _id: { event_type: '$event_type', result: '$result' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return groups.map((group) => ({ event_type: group._id.event_type, result: group._id.result, count: group.count }));
  }

  async *exportByTimestamp(startTime?: string, endTime?: string): AsyncIterable<AuditRecord> {
    const filter = timeRange('timestamp', startTime, endTime);
    let after = 0;
    for (;;) {
      const page = await this.events.find({ $and: [filter, { sequence: { $gt: after } }] }).sort({ sequence: 1 }).limit(WALK_BATCH).toArray();
      for (const doc of page) yield toRecord(doc);
      const last = page[page.length - 1];
      if (!last || page.length < WALK_BATCH) return;
      after = last.sequence;
    }
  }

  async lastSequenceStoredBefore(transactionTime: string): Promise<number | undefined> {
    const doc = await this.events.find({ transaction_time: { $lt: transactionTime } }, { projection: { sequence: 1 } }).sort({ sequence: -1 }).limit(1).next();
    return doc?.sequence;
  }

  async deleteThrough(sequence: number): Promise<number> {
    const result = await this.events.deleteMany({ sequence: { $lte: sequence } });
    return result.deletedCount;
  }
}
