import { MongoClient } from 'mongodb';
import { uuidv7 } from '@qilbee/kernel';
async function main() {
  const c = new MongoClient('mongodb://127.0.0.1:27017'); await c.connect();
  const db = c.db('prof_' + Date.now()); const col = db.collection<any>('event_commits');
  await col.createIndex({ published: 1, _id: 1 });
  const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: uuidv7(), streamId: 's' + i, version: 1, published: false, outbox: [{ topic: 't', key: 'k', value: 'x'.repeat(300), eventId: 'e' }] }));
  await col.insertMany(docs);
  let t = performance.now();
  const pending = await col.find({ published: false }, { projection: { _id: 1, outbox: 1 } }).sort({ _id: 1 }).limit(500).toArray();
  console.log('find', pending.length, (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  const r = await col.updateMany({ _id: { $in: pending.map((p) => p._id) } }, { $set: { published: true } });
  console.log('updateMany $in', r.modifiedCount, (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  const ids = (await col.find({ published: false }).sort({ _id: 1 }).limit(500).toArray()).map((d) => d._id);
  await col.bulkWrite(ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { published: true } } } })), { ordered: false });
  console.log('bulkWrite updateOne x500', (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  const last = ids[ids.length - 1];
  const r2 = await col.updateMany({ published: false, _id: { $lte: (await col.find({ published: false }).sort({ _id: 1 }).skip(499).limit(1).toArray())[0]!._id } }, { $set: { published: true } });
  console.log('updateMany range', r2.modifiedCount, (performance.now() - t).toFixed(0), 'ms', last);
  await db.dropDatabase(); await c.close();
}
main();
