/**
 * Login on a store with history: bench.ts starts from an empty database, where any per-login read
 * of the commit log is cheap; a real store holds every earlier session. This seeds the auth
 * database with earlier sessions (COMMITS commits over COMMITS/2 session streams, ~300 bytes each,
 * written directly as an existing deployment would hold them), starts auth on it, and measures
 * sequential in-process logins next to a bare argon2id verify, in one run.
 * Run: npx tsx services/auth/bench/loginHistory.bench.ts [commits=20000] [logins=20]
 */
import { randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { uuidv7 } from '@qilbee/kernel';
import { FakeIdentity } from '../src/app/inMemory/fakeIdentity';
import { readConfig } from '../src/config';
import { startAuthRuntime } from '../src/runtime';

const COMMITS = Number(process.argv[2] ?? 20_000);
const LOGINS = Number(process.argv[3] ?? 20);
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(name: string, count: number, op: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await op();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const result = { p50: +percentile(ms, 50).toFixed(2), p99: +percentile(ms, 99).toFixed(2) };
  console.log(JSON.stringify({ name, count, ...result }));
  return result;
}

/** Earlier sessions: a start and one refresh per family, as the auth store holds them. */
async function seed(mongoUrl: string, dbName: string): Promise<void> {
  const mongo = await new MongoClient(mongoUrl).connect();
  const commits = mongo.db(dbName).collection('event_commits');
  const families = Math.max(1, Math.floor(COMMITS / 2));
  for (let start = 0; start < COMMITS; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, COMMITS - start) }, (_, j) => {
      const i = start + j;
      const nowMs = Date.now();
      return {
        _id: uuidv7(nowMs),
        streamId: `family-seed-${i % families}`,
        version: Math.floor(i / families) + 1,
        lastVersion: Math.floor(i / families) + 1,
        events: [{ eventId: uuidv7(nowMs), type: 'SeededSessionEvent', data: { i, tokenHash: 'x'.repeat(64) }, schemaVersion: 1 }],
        metadata: { requestId: randomUUID(), ipAddress: '198.51.100.7', userAgent: 'bench' },
        recordedAt: new Date(nowMs),
      };
    });
    await commits.insertMany(docs as never[]);
  }
  await mongo.close();
}

async function main(): Promise<void> {
  const dbName = `auth_hist_bench_${process.pid}`;
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent', AUTH_DB: dbName, AUTH_GRPC_PORT: '0', AUTH_EVENTS_TOPIC: `auth_hist_bench_${process.pid}`, IDENTITY_EVENTS_TOPIC: `identity_hist_bench_${process.pid}`, AUTH_IDENTITY_EVENTS_GROUP: `auth_hist_bench_${process.pid}` });
  const password = 'Bench-Password-123!';
  const storedHash = await hash(password, ARGON);
  const identity = new FakeIdentity((candidate, stored) => verify(stored, candidate));
  identity.add({ userId: randomUUID(), username: 'bench0', roles: ['Read'], isActive: true, password: storedHash });
  await seed(config.MONGO_URL, dbName);
  const started = performance.now();
  const runtime = await startAuthRuntime(config, identity, pino({ level: 'silent' }));
  console.log(`# store seeded with ${COMMITS} commits; auth started in ${(performance.now() - started).toFixed(0)} ms`);
  const ctx = { requestId: '', actorUserId: '', actorUsername: '', ipAddress: '127.0.0.1', userAgent: 'bench', actorApiKeyId: '' };
  try {
    await runtime.app.login('bench0', password, ctx);
    const bare = await timed('bare argon2id verify, sequential', LOGINS, () => verify(storedHash, password));
    const login = await timed('in-process app.login, sequential', LOGINS, () => runtime.app.login('bench0', password, ctx));
    console.log(`login / argon2id: p50 ${(login.p50 / bare.p50).toFixed(2)}x, p99 ${(login.p99 / bare.p99).toFixed(2)}x`);
  } finally {
    await runtime.stop();
    const mongo = await new MongoClient(config.MONGO_URL).connect();
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
