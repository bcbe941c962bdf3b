import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
import { MongoClient } from 'mongodb';
import { healthV1 } from '@qilbee/contracts';
import { createKafka } from '@qilbee/kafka-kit';
import { testEnv, uniqueName, waitFor } from '@qilbee/testkit';

const ROOT = path.resolve(__dirname, '../..');
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'E2e!Root#Passw0rd-Long9';
/** How long before the platform's start its consumer groups begin reading (clock and publish slack). */
const CONSUME_MARGIN_MS = 5_000;

export type ServiceName = 'identity' | 'auth' | 'ratelimit' | 'audit' | 'edge';

export interface RunningService {
  name: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export interface Platform {
  /** Base URL of the edge (scheme://host:port, no trailing slash: what the SDK needs). */
  edgeUrl: string;
  grpc: Record<Exclude<ServiceName, 'edge'>, string>;
  databases: Record<Exclude<ServiceName, 'edge'>, string>;
  logDir: string;
  /** Stops one backend service (resilience tests: the edge must keep answering around it). */
  stopService(name: Exclude<ServiceName, 'edge'>): Promise<void>;
  /** Another edge against the same services, with extra settings (HTTPS, proxies, upstream). */
  startEdge(env: Record<string, string>): Promise<{ url: string; service: RunningService }>;
  stop(): Promise<void>;
}

/** Linux hands out ports from this range to outgoing connections (and to `listen(0)`). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: assume the IANA range.
  }
  return [49152, 65535];
}

const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port for a service to listen on, picked at random BELOW the ephemeral range: a port from
 * `listen(0)` is free only until it is released, and then any outgoing connection (a Kafka or
 * MongoDB client of a platform started in parallel) or another `listen(0)` may take it before the
 * service binds it; the service then fails to start, or worse, its clients reach a stranger.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = Math.max(low + 1000, ephemeralLow - 1);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${low} and ${high}`);
}

/** SIGTERM, then SIGKILL if the process has not exited within 8 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function startService(name: string, entry: string, env: Record<string, string>, logDir: string): RunningService {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return {
    name,
    process: child,
    logFile,
    stop: () => stopProcess(child),
  };
}

/** The gRPC service each backend registers: its health is asked by name, so a stranger on the port does not pass. */
const SERVICE_NAMES: Record<Exclude<ServiceName, 'edge'>, string> = {
  identity: 'qilbee.identity.v1.IdentityService',
  auth: 'qilbee.auth.v1.AuthService',
  ratelimit: 'qilbee.ratelimit.v1.RateLimitService',
  audit: 'qilbee.audit.v1.AuditService',
};

function grpcServing(address: string, service: string): Promise<boolean> {
  const client = new healthV1.HealthClient(address, credentials.createInsecure());
  return new Promise((resolve) => {
    client.check({ service }, new Metadata(), { deadline: new Date(Date.now() + 1000) }, (error, response) => {
      client.close();
      resolve(!error && response?.status === healthV1.HealthCheckResponse_ServingStatus.SERVING);
    });
  });
}

/** Polls the probe until healthy; fails at once if the process died (no point waiting). */
async function waitUntil(service: RunningService, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  let exited: number | null = null;
  await waitFor(
    async () => {
      exited = service.process.exitCode;
      return exited !== null || (await probe());
    },
    { timeoutMs, intervalMs: 200, message: `${service.name} healthy (log: ${service.logFile})` },
  );
  if (exited !== null) throw new Error(`${service.name} exited with ${String(exited)}; see ${service.logFile}`);
}

/** Test databases are not left behind on the shared server. */
async function dropDatabases(mongoUrl: string, names: string[]): Promise<void> {
  const client = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 3000 });
  try {
    await client.connect();
    for (const name of names) await client.db(name).dropDatabase().catch(() => undefined);
  } catch {
    // Cleanup only: an unreachable server must not fail the tests.
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The platform's consumer groups are not left behind on the shared broker either. */
async function deleteConsumerGroups(brokers: string[], groups: string[]): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'e2e-cleanup' }).admin();
  try {
    await admin.connect();
    await admin.deleteGroups(groups);
  } catch {
    // Cleanup only: a group still in use expires on its own.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Starts the five services as child processes (`node --import tsx services/<svc>/src/main.ts`) on
 * free ports, each with its own database and consumer groups, and waits until every one is
 * healthy (gRPC health SERVING; the edge's /ready 200, i.e. signing keys loaded).
 */
export async function startPlatform(options: { edgeEnv?: Record<string, string>; timeoutMs?: number } = {}): Promise<Platform> {
  const env = testEnv();
  const tag = uniqueName('e2e');
  const logDir = path.join(ROOT, '.run', 'e2e', tag);
  mkdirSync(logDir, { recursive: true });
  const scratch = mkdtempSync(path.join(tmpdir(), 'qilbee-e2e-'));
  const ports = { identity: await freePort(), auth: await freePort(), ratelimit: await freePort(), audit: await freePort() };
  const grpc = Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, `127.0.0.1:${p}`])) as Platform['grpc'];
  const databases = { identity: `${tag}_identity`, auth: `${tag}_auth`, ratelimit: `${tag}_ratelimit`, audit: `${tag}_audit` };
  const common = { MONGO_URL: env.mongoUrl, KAFKA_BROKERS: env.kafkaBrokers.join(','), REDIS_URL: env.redisUrl, LOG_LEVEL: 'info' };
  const addresses = { IDENTITY_GRPC_URL: grpc.identity, AUTH_GRPC_URL: grpc.auth, RATELIMIT_GRPC_URL: grpc.ratelimit, AUDIT_GRPC_URL: grpc.audit };
  const timeoutMs = options.timeoutMs ?? 90_000;
  // The platform's consumer groups are new: they start a little before it, so they read its own
  // events (and a few seconds of others'), not the history of every run a long-lived Kafka keeps.
  const consumeFrom = new Date(Date.now() - CONSUME_MARGIN_MS).toISOString();
  const instanceId = tag.replace(/[^A-Za-z0-9_-]/g, '');

  const services: RunningService[] = [];
  const stopAll = async () => {
    for (const s of [...services].reverse()) await s.stop();
    await dropDatabases(env.mongoUrl, Object.values(databases));
    // auth deletes its own per-instance group; identity's cache-invalidation group is named here.
    await deleteConsumerGroups(env.kafkaBrokers, [`${tag}-identity-logins`, `${tag}-auth-identity`, `${tag}-audit`, `identity-cache-${instanceId}`]);
  };
  try {
    const backends: Array<[Exclude<ServiceName, 'edge'>, Record<string, string>]> = [
      ['identity', {
        IDENTITY_GRPC_PORT: String(ports.identity), IDENTITY_DB: databases.identity, ADMIN_USERNAME, ADMIN_PASSWORD,
        ADMIN_PASSWORD_FILE: path.join(scratch, 'admin-password'), LOGINS_GROUP_ID: `${tag}-identity-logins`,
        LOGINS_CONSUME_FROM: consumeFrom, IDENTITY_INSTANCE_ID: instanceId,
      }],
      ['auth', {
        AUTH_GRPC_PORT: String(ports.auth), AUTH_DB: databases.auth, IDENTITY_GRPC_URL: grpc.identity,
        AUTH_IDENTITY_EVENTS_GROUP: `${tag}-auth-identity`, AUTH_IDENTITY_EVENTS_CONSUME_FROM: consumeFrom, AUTH_INSTANCE_ID: instanceId, LOCKOUT_IP_THRESHOLD: '100000',
      }],
      ['ratelimit', { RATELIMIT_GRPC_PORT: String(ports.ratelimit), RATELIMIT_DB: databases.ratelimit, REDIS_KEY_PREFIX: `${tag}:rl:` }],
      ['audit', {
        AUDIT_GRPC_PORT: String(ports.audit), AUDIT_DB: databases.audit, AUDIT_CONSUMER_GROUP: `${tag}-audit`, AUDIT_CONSUME_FROM: consumeFrom,
        AUDIT_ARCHIVE_DIR: path.join(scratch, 'archive'), AUDIT_SIGNING_KEY_FILE: path.join(scratch, 'audit-signing-key.pem'),
      }],
    ];
    for (const [name, own] of backends) services.push(startService(name, `services/${name}/src/main.ts`, { ...common, ...addresses, ...own }, logDir));
    await Promise.all(
      services.map((s) => {
        const name = s.name as Exclude<ServiceName, 'edge'>;
        return waitUntil(s, () => grpcServing(grpc[name], SERVICE_NAMES[name]), timeoutMs);
      }),
    );

    let edges = 0;
    const startEdge = async (extra: Record<string, string>) => {
      const port = await freePort();
      edges += 1;
      const service = startService(edges === 1 ? 'edge' : `edge-${edges}`, 'services/edge/src/main.ts', { ...common, ...addresses, EDGE_PORT: String(port), EDGE_HOST: '127.0.0.1', ...extra }, logDir);
      services.push(service);
      const url = `http://127.0.0.1:${port}`;
      await waitUntil(service, async () => (await fetch(`${url}/ready`).catch(() => undefined))?.status === 200, timeoutMs);
      return { url, service };
    };
    const edge = await startEdge(options.edgeEnv ?? {});
    const stopService = async (name: Exclude<ServiceName, 'edge'>) => {
      await services.find((s) => s.name === name)?.stop();
    };
    return { edgeUrl: edge.url, grpc, databases, logDir, startEdge, stopService, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
