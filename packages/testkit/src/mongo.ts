import { MongoClient, type Db } from 'mongodb';
import { testEnv, uniqueName } from './environment';

/** A fresh database on the real MongoDB-compatible server, dropped by `close`. */
export async function testDatabase(prefix: string): Promise<{ client: MongoClient; db: Db; close(): Promise<void> }> {
  const client = new MongoClient(testEnv().mongoUrl, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(uniqueName(prefix));
  return {
    client,
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
