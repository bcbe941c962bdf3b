import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';

export interface SingleUpdate<T extends Document> {
  filter: Filter<T>;
  update: UpdateFilter<T>;
  upsert?: boolean;
}

/**
 * Applies updates one command at a time. A multi-statement `bulkWrite` of updates that touches
 * existing documents while other queries run on the same database deadlocks FerretDB's SQLite
 * connection pool (each statement keeps a result set open while it waits for a transaction
 * connection; seen with 100 statements, after which every query on that database hangs).
 * One statement per command never holds more than one connection.
 */
export async function updateOneByOne<T extends Document>(collection: Collection<T>, updates: SingleUpdate<T>[]): Promise<void> {
  for (const { filter, update, upsert } of updates) {
    await collection.updateOne(filter, update, { upsert: upsert ?? false });
  }
}
