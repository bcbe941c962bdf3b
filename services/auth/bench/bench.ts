/**
 * Auth benchmark: token validation (in-process and over gRPC Introspect) next to a bare jose
 * jwtVerify, and login throughput / p99 next to a bare argon2id verify (19 MiB, t=2, p=1), all in
 * one run. Uses the real store and Kafka (infra/up.sh) and a fake identity holding a real argon2id
 * hash. Run: npx tsx services/auth/bench/bench.ts
 */
import { randomUUID } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { hash, verify } from '@node-rs/argon2';
import { importJWK, jwtVerify } from 'jose';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { authV1 } from '@qilbee/contracts';
import { createResilientClient } from '@qilbee/grpc-kit';
import { FakeIdentity } from '../src/app/inMemory/fakeIdentity';
import { readConfig } from '../src/config';
import { startAuthRuntime } from '../src/runtime';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON = { algorithm: 2, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
const logger = pino({ level: 'silent' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `op` with `concurrency` workers for `durationMs`; returns ops/s and latency percentiles (ms). */
async function measure(name: string, op: () => Promise<unknown>, concurrency: number, durationMs: number): Promise<{ name: string; opsPerSec: number; p50: number; p99: number }> {
  for (let i = 0; i < Math.min(50, concurrency * 5); i += 1) await op();
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = { name, opsPerSec: Math.round(latencies.length / elapsed), p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) };
  console.log(JSON.stringify(result));
  return result;
}

async function main(): Promise<void> {
  const dbName = `auth_bench_${process.pid}`;
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent', AUTH_DB: dbName, AUTH_GRPC_PORT: '0', AUTH_EVENTS_TOPIC: `auth_bench_${process.pid}`, IDENTITY_EVENTS_TOPIC: `identity_bench_${process.pid}`, AUTH_IDENTITY_EVENTS_GROUP: `auth_bench_${process.pid}` });
  const password = 'Bench-Password-123!';
  const storedHash = await hash(password, ARGON);
  const identity = new FakeIdentity((candidate, stored) => verify(stored.startsWith('$argon2') ? stored : storedHash, candidate));
  const users = Array.from({ length: 16 }, (_, i) => identity.add({ userId: randomUUID(), username: `bench${i}`, roles: ['Read'], isActive: true, password: storedHash }));
  const runtime = await startAuthRuntime(config, identity, logger);
  const client = createResilientClient(authV1.AuthServiceClient, `127.0.0.1:${runtime.grpcPort}`, { name: 'auth', deadlineMs: 10_000 });
  const call = <T>(method: string, request: unknown) => client.call(method as never, request as never, new Metadata()) as Promise<T>;
  const ctx = { requestId: '', actorUserId: '', actorUsername: '', ipAddress: '127.0.0.1', userAgent: 'bench', actorApiKeyId: '' };
  try {
    const login = await runtime.app.login('bench0', password, ctx);
    if (login.outcome !== 'success') throw new Error('bench login failed');
    const token = login.tokens.accessToken;
    const jwks = await runtime.app.jwks();
    const jwk = jwks.keys[jwks.keys.length - 1];
    if (!jwk) throw new Error('no jwk');
    const publicKey = await importJWK(jwk, String(jwk.alg));
    const options = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, algorithms: ['EdDSA', 'ES256'] };

    console.log('# token validation');
    // Alternating rounds, so a noisy neighbour hurts both sides alike.
    let bareOps = 0;
    let ourOps = 0;
    for (let round = 0; round < 3; round += 1) {
      bareOps += (await measure('bare jose jwtVerify (in-process)', () => jwtVerify(token, publicKey, options), 1, 1500)).opsPerSec;
      ourOps += (await measure('auth TokenValidator.validate (in-process)', () => runtime.app.introspect(token), 1, 1500)).opsPerSec;
    }
    console.log(`in-process validation = ${((100 * ourOps) / bareOps).toFixed(1)}% of bare jose (${Math.round(ourOps / 3)} vs ${Math.round(bareOps / 3)} ops/s)`);
    await measure('gRPC Noop (ceiling, 32 in flight)', () => call('noop', {}), 32, 3000);
    await measure('gRPC Introspect (32 in flight)', () => call('introspect', { token }), 32, 3000);

    console.log('# login (argon2id 19 MiB, t=2, p=1)');
    const bareSeq = await measure('bare argon2id verify, sequential', () => verify(storedHash, password), 1, 4000);
    await measure('in-process app.login, sequential', () => runtime.app.login('bench2', password, ctx), 1, 4000);
    const loginSeq = await measure('gRPC Login, sequential', () => call('login', { context: ctx, username: 'bench1', password }), 1, 4000);
    const bare4 = await measure('bare argon2id verify, 4 in flight', () => verify(storedHash, password), 4, 4000);
    let n = 0;
    const login4 = await measure('gRPC Login, 4 in flight (16 users)', () => call('login', { context: ctx, username: users[n++ % users.length]?.username, password }), 4, 4000);
    console.log(`login p99 / argon2id p99: sequential ${(loginSeq.p99 / bareSeq.p99).toFixed(2)}x, 4 in flight ${(login4.p99 / bare4.p99).toFixed(2)}x`);
  } finally {
    client.close();
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
