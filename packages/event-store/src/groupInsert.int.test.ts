import { MongoClient } from 'mongodb';
import { testDatabase, testEnv } from '@qilbee/testkit';
import { isDuplicateKey } from './duplicateKey';
import { certainlyNotWritten, GroupInsert } from './groupInsert';

interface Doc {
  _id: string;
  key: string;
}

describe('GroupInsert (real MongoDB-compatible server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    database = await testDatabase('groupinsert');
  });
  afterAll(() => database.close());

  async function collection(name: string) {
    const docs = database.db.collection<Doc>(name);
    await docs.createIndex({ key: 1 }, { unique: true });
    return docs;
  }

  it('writes concurrent inserts in fewer commands than documents, every one of them', async () => {
    const docs = await collection('many');
    const commands: number[] = [];
    const client = new MongoClient(testEnv().mongoUrl, { monitorCommands: true });
    await client.connect();
    client.on('commandStarted', (event) => {
      if (event.commandName === 'insert') commands.push((event.command.documents as unknown[]).length);
    });
    try {
      const inserts = new GroupInsert(client.db(database.db.databaseName).collection<Doc>('many'));
      await Promise.all(Array.from({ length: 50 }, (_, i) => inserts.insert({ _id: `d${i}`, key: `k${i}` })));
    } finally {
      await client.close();
    }
    expect(await docs.countDocuments()).toBe(50);
    expect(commands.reduce((sum, n) => sum + n, 0)).toBe(50);
    expect(commands.length).toBeLessThan(50);
    expect(commands[0]).toBe(1); // the first caller did not wait for company
  });

  it('refuses only the documents that collide, each with its duplicate-key error, and keeps the rest', async () => {
    const docs = await collection('collide');
    await docs.insertOne({ _id: 'taken', key: 'taken-key' });
    const inserts = new GroupInsert(docs);
    const outcomes = await Promise.allSettled([
      inserts.insert({ _id: 'a', key: 'a' }), // goes alone
      inserts.insert({ _id: 'b', key: 'b' }), // these four wait and go together
      inserts.insert({ _id: 'taken', key: 'fresh' }),
      inserts.insert({ _id: 'c', key: 'taken-key' }),
      inserts.insert({ _id: 'd', key: 'd' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(isDuplicateKey(outcome.reason)).toBe(true);
    expect((await docs.find().sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['a', 'b', 'd', 'taken']);
  });

  it('rejects the whole group when the server cannot be reached', async () => {
    // Nothing listens there: the driver wraps the failure of a group in a MongoBulkWriteError
    // with no per-document errors, which must not read as "every document was written".
    const client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 200 });
    const inserts = new GroupInsert(client.db('nowhere').collection<Doc>('docs'));
    try {
      const outcomes = await Promise.allSettled(['x', 'y', 'z'].map((id) => inserts.insert({ _id: id, key: id })));
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(isDuplicateKey(outcome.reason)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('a document the driver refuses before sending (too large) fails alone; the rest of its group is written', async () => {
    const docs = await collection('oversized');
    const inserts = new GroupInsert(docs);
    const outcomes = await Promise.allSettled([
      inserts.insert({ _id: 'first', key: 'first' }), // goes alone
      inserts.insert({ _id: 'a', key: 'a' }),
      inserts.insert({ _id: 'huge', key: 'x'.repeat(17 * 1024 * 1024) }),
      inserts.insert({ _id: 'b', key: 'b' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const refused = outcomes[2] as PromiseRejectedResult;
    expect(certainlyNotWritten(refused.reason)).toBe(true);
    expect((await docs.find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['a', 'b', 'first']);
  });
});
