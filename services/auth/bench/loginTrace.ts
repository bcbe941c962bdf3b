/**
 * Where a login's time goes: times every store call of five in-process logins (a real store and
 * Kafka, a fake identity holding an argon2id hash) and prints the last one's calls with their
 * start and end (ms since the login began), next to the argon2id check.
 * Run with the servers up: npx tsx services/auth/bench/loginTrace.ts
 */
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Collection, FindCursor } from 'mongodb';
import pino from 'pino';
import { FakeIdentity } from '../src/app/inMemory/fakeIdentity';
import { readConfig } from '../src/config';
import { startAuthRuntime } from '../src/runtime';
const ARGON = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
let t0 = 0; let tracing = false; const log: string[] = [];
function wrap(proto: any, name: string) {
  const orig = proto[name];
  proto[name] = function (this: any, ...args: any[]) {
    const s = performance.now(); const r = orig.apply(this, args);
    const label = `${name} ${this.collectionName ?? this.namespace?.collection ?? ''}`;
    if (tracing && r && typeof r.then === 'function') r.then(() => log.push(`${(s - t0).toFixed(1).padStart(6)} -> ${(performance.now() - t0).toFixed(1).padStart(6)}  ${label}`), () => {});
    return r;
  };
}
for (const m of ['insertOne', 'insertMany', 'findOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany']) wrap(Collection.prototype, m);
wrap(FindCursor.prototype, 'toArray');
async function main() {
  const dbName = `auth_trace_${process.pid}`;
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent', AUTH_DB: dbName, AUTH_GRPC_PORT: '0', AUTH_EVENTS_TOPIC: `auth_tr_${process.pid}`, IDENTITY_EVENTS_TOPIC: `id_tr_${process.pid}`, AUTH_IDENTITY_EVENTS_GROUP: `auth_tr_${process.pid}` });
  const password = 'Bench-Password-123!';
  const storedHash = await hash(password, ARGON);
  let verifyStart = 0, verifyEnd = 0;
  const identity = new FakeIdentity(async (candidate, stored) => { verifyStart = performance.now() - t0; const r = await verify(storedHash, candidate); verifyEnd = performance.now() - t0; return r; });
  identity.add({ userId: randomUUID(), username: 'u', roles: ['Read'], isActive: true, password: storedHash });
  const runtime = await startAuthRuntime(config, identity, pino({ level: 'silent' }));
  const ctx = { requestId: '', actorUserId: '', actorUsername: '', ipAddress: '127.0.0.1', userAgent: 'bench', actorApiKeyId: '' };
  for (let i = 0; i < 20; i++) await runtime.app.login('u', password, ctx);
  const totals: number[] = [];
  for (let i = 0; i < 5; i++) {
    log.length = 0; tracing = true; t0 = performance.now();
    await runtime.app.login('u', password, ctx);
    const total = performance.now() - t0; tracing = false; totals.push(total);
    await new Promise((r) => setTimeout(r, 50));
    if (i === 4) { console.log(`argon2 ${verifyStart.toFixed(1)} -> ${verifyEnd.toFixed(1)}; total ${total.toFixed(1)}`); console.log(log.join('\n')); }
  }
  console.log('totals', totals.map((t) => t.toFixed(1)).join(' '));
  await runtime.stop();
  process.exit(0);
}
void main();
