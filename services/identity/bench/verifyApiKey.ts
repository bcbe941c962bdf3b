/**
 * VerifyApiKey over gRPC next to the Noop ceiling on the same server in the same run, plus
 * VerifyPassword next to a bare argon2id verify with the same parameters.
 *
 *   npx tsx services/identity/bench/verifyApiKey.ts [--seconds 5] [--rate 1000] [--concurrency 64] [--samples 1000] [--password-only]
 *
 * The server runs as its own process (the real main.ts) against the local store and Kafka, in a
 * throw-away database that is dropped at the end; this process is only the load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
import { hash, verify } from '@node-rs/argon2';
import { MongoClient } from 'mongodb';
import { identityV1 } from '@qilbee/contracts';
import { buildProtoset, ghz } from '@qilbee/testkit';
import { ARGON2_OPTIONS } from '../src/adapters/crypto/argon2PasswordHasher';

const args = new Map(process.argv.slice(2).map((arg, i, all) => [arg, all[i + 1]]));
const SECONDS = Number(args.get('--seconds') ?? 5);
const RATE = Number(args.get('--rate') ?? 1000);
const CONCURRENCY = Number(args.get('--concurrency') ?? 64);
// Password samples per kind: with 200 the p99 is the second-slowest call, which is mostly noise.
const SAMPLES = Number(args.get('--samples') ?? 1000);
const ADMIN_PASSWORD = 'Bench-Root-Secret-91';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const DB = `identity_bench_${process.pid}`;
const ROOT = path.resolve(__dirname, '../../..');

type Client = identityV1.IdentityServiceClient;
function unary<Req, Res>(client: Client, method: string, request: Req): Promise<Res> {
  const fn = (client as unknown as Record<string, (r: Req, m: Metadata, cb: (e: Error | null, res: Res) => void) => void>)[method];
  // Generous: the shared FerretDB (SQLite) can stall for seconds while other test runs drop databases.
  const options = { deadline: new Date(Date.now() + 60_000) };
  return new Promise((resolve, reject) =>
    (fn as unknown as (r: Req, m: Metadata, o: object, cb: (e: Error | null, res: Res) => void) => void).call(client, request, new Metadata(), options, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(latenciesMs: number[]): string {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(3)} ms  p99 ${percentile(sorted, 99).toFixed(3)} ms  (n=${sorted.length})`;
}

/** Closed loop: `CONCURRENCY` calls in flight for SECONDS; returns calls per second. */
async function maxThroughput(call: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** Open loop at a fixed rate (calls are sent on schedule, not after the previous answer). */
async function fixedRate(call: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const total = RATE * SECONDS;
  const intervalMs = 1000 / RATE;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inFlight.push(call().then(() => void latencies.push(performance.now() - sent)));
  }
  await Promise.all(inFlight);
  return latencies;
}

async function startServer(port: number): Promise<ChildProcess> {

  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'services/identity/src/main.ts')], {
    env: { ...process.env, IDENTITY_GRPC_PORT: String(port), IDENTITY_DB: DB, ADMIN_PASSWORD, LOG_LEVEL: 'warn', LOGINS_GROUP_ID: `${DB}_logins` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** VerifyPassword over gRPC (known and unknown users) next to a bare argon2id verify. */
async function passwordPhase(client: Client): Promise<void> {
  const samples = SAMPLES;
  const service: number[] = [];
  const unknown: number[] = [];
  const bare: number[] = [];
  const encoded = await hash(ADMIN_PASSWORD, ARGON2_OPTIONS);
  const kinds: Array<[number[], (i: number) => Promise<unknown>]> = [
    [service, () => unary(client, 'verifyPassword', { username: 'admin', password: ADMIN_PASSWORD })],
    [unknown, (i) => unary(client, 'verifyPassword', { username: `nobody-${i}`, password: ADMIN_PASSWORD })],
    [bare, () => verify(encoded, ADMIN_PASSWORD)],
  ];
  for (let i = 0; i < samples; i += 1) {
    // Each kind goes first equally often: the first call after the others' work pays ~1.5 ms to wake up.
    for (let k = 0; k < kinds.length; k += 1) {
      const [times, run] = kinds[(i + k) % kinds.length] as [number[], (i: number) => Promise<unknown>];
      const t = performance.now();
      await run(i);
      times.push(performance.now() - t);
    }
  }
  const p99 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 99);
  console.log(`password verify (argon2id m=19456 KiB t=2 p=1, ${samples} samples each)`);
  console.log(`  bare argon2id verify         ${summary(bare)}`);
  console.log(`  VerifyPassword (gRPC, known) ${summary(service)}  p99 ratio ${(p99(service) / p99(bare)).toFixed(2)}x`);
  console.log(`  VerifyPassword (gRPC, unknown user) ${summary(unknown)}`);
}

async function main(): Promise<void> {
  const port = await freePort();
  const server = await startServer(port);
  const client = new identityV1.IdentityServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await unary(client, 'noop', {});
        break;
      } catch (error) {
        if (attempt > 300) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const admin = await unary<object, identityV1.VerifyPasswordResponse>(client, 'verifyPassword', { username: 'admin', password: ADMIN_PASSWORD });
    const context = { requestId: 'bench', actorUserId: admin.principal?.userId, actorUsername: 'admin', ipAddress: '', userAgent: 'bench', actorApiKeyId: '' };
    const keys: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const created = await unary<object, identityV1.CreateApiKeyResponse>(client, 'createApiKey', { context, name: `bench-${i}`, permissions: [] });
      keys.push(created.key);
    }
    let next = 0;
    const verifyCall = async () => {
      const response = await unary<object, identityV1.VerifyApiKeyResponse>(client, 'verifyApiKey', { key: keys[next++ % keys.length] });
      if (response.outcome !== identityV1.VerifyApiKeyResponse_Outcome.OUTCOME_VALID) throw new Error(`unexpected outcome ${response.outcome}`);
    };
    const noopCall = () => unary(client, 'noop', {});
    // Warm-up: JIT, connection, key cache.
    for (let i = 0; i < 2000; i += 1) await Promise.all([verifyCall(), noopCall()]);

    if (args.has('--password-only')) {
      await passwordPhase(client);
      return;
    }
    console.log(`VerifyApiKey benchmark: ${SECONDS}s per phase, closed loop ${CONCURRENCY} in flight, open loop ${RATE}/s`);
    const noopMax = await maxThroughput(noopCall);
    const verifyMax = await maxThroughput(verifyCall);
    console.log(`max throughput  Noop ${noopMax.toFixed(0)}/s  VerifyApiKey ${verifyMax.toFixed(0)}/s  ratio ${((verifyMax / noopMax) * 100).toFixed(1)}%`);
    console.log(`at ${RATE}/s      Noop         ${summary(await fixedRate(noopCall))}`);
    console.log(`at ${RATE}/s      VerifyApiKey ${summary(await fixedRate(verifyCall))}`);
    // The same open loop driven by ghz from its own process: the in-process generator above shares
    // its event loop with the answers it times, which inflates its tail.
    const protoset = await buildProtoset(ROOT, path.join(tmpdir(), `${DB}.protoset`));
    const fixed = ['-c', '20', '--rps', String(RATE), '-z', `${SECONDS}s`];
    const noopGhz = await ghz('Noop', port, 'qilbee.identity.v1.IdentityService.Noop', protoset, {}, fixed);
    const verifyGhz = await ghz('VerifyApiKey', port, 'qilbee.identity.v1.IdentityService.VerifyApiKey', protoset, { key: keys[0] }, fixed);
    for (const f of [noopGhz, verifyGhz]) console.log(`ghz at ${RATE}/s  ${f.name.padEnd(12)} p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms  (${f.rps}/s, ${f.errors} errors)`);

    await passwordPhase(client);
  } finally {
    client.close();
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const forced = setTimeout(() => server.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(forced);
    const mongo = await MongoClient.connect(MONGO_URL);
    await mongo.db(DB).dropDatabase();
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
