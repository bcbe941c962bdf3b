/**
 * Bytes of heap per active key in the local (memory) bucket store: fills N buckets with realistic
 * subjects (`user:<uuid>`) and divides the heap growth by N.
 * Run: node --expose-gc -r tsx/cjs services/ratelimit/bench/memoryPerKey.ts [N]
 */
import { ManualClock, uuidv7 } from '@qilbee/kernel';
import { MemoryBucketStore } from '../src/adapters/memory/memoryBucketStore';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const n = Number(process.argv[2] ?? 200_000);
const clock = new ManualClock();
const store = new MemoryBucketStore(clock, { maxBuckets: n + 1 });
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < n; i += 1) {
  // The subject string is created here and kept only by the store, as a decoded request's is.
  const subject = `user:${uuidv7()}`;
  store.takeNow([{ key: subject, scope: 'policy:1', subject, limit: 1000, windowMs: 3_600_000, hits: 1, failOpen: true }]);
}
gc();
const after = process.memoryUsage().heapUsed;
console.log(`${n} active keys: ${Math.round((after - before) / n)} bytes of heap per key (subject string, map entry, bucket state)`);
console.log(`buckets held: ${store.size}`);
