import type { Collection, Db } from 'mongodb';
import { updateOneByOne } from '@qilbee/event-store';
import type { ApiKeyUsageStore, LastLoginStore } from '../../app/ports';

interface LatestDoc {
  _id: string;
  atMs: number;
}

/** Keeps the latest timestamp per id; `$max` makes every write idempotent and order-free. */
class LatestTimestamps {
  readonly docs: Collection<LatestDoc>;

  constructor(db: Db, collection: string) {
    this.docs = db.collection<LatestDoc>(collection);
  }

  async recordMany(entries: Map<string, number>): Promise<void> {
    if (entries.size === 0) return;
    await updateOneByOne(
      this.docs,
      [...entries].map(([id, atMs]) => ({ filter: { _id: id }, update: { $max: { atMs } }, upsert: true })),
    );
  }

  async get(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const docs = await this.docs.find({ _id: { $in: ids } }).toArray();
    return new Map(docs.map((doc) => [doc._id, doc.atMs]));
  }
}

/** last_login per user, fed by auth's `login` events; rebuildable by replaying security.auth.v1. */
export class MongoLastLoginStore implements LastLoginStore {
  private readonly latest: LatestTimestamps;
  constructor(db: Db) {
    this.latest = new LatestTimestamps(db, 'user_last_logins');
  }
  record(userId: string, atMs: number): Promise<void> {
    return this.latest.recordMany(new Map([[userId, atMs]]));
  }
  get(userIds: string[]): Promise<Map<string, number>> {
    return this.latest.get(userIds);
  }
}

/** last_used per API key, written by the usage buffer in batches. */
export class MongoUsageStore implements ApiKeyUsageStore {
  private readonly latest: LatestTimestamps;
  constructor(db: Db) {
    this.latest = new LatestTimestamps(db, 'api_key_usage');
  }
  recordMany(lastUsed: Map<string, number>): Promise<void> {
    return this.latest.recordMany(lastUsed);
  }
  get(keyIds: string[]): Promise<Map<string, number>> {
    return this.latest.get(keyIds);
  }
}
