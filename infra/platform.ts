// Starts the five services as child processes on their configured ports, waits until each is
// healthy (gRPC health for the four gRPC services, GET /health for the edge), prints the edge URL,
// and stops them all (in reverse order) on SIGINT/SIGTERM. Logs: .run/logs/<service>.log.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { grpcHealthy } from './lib/grpcHealth';

const root = path.resolve(__dirname, '..');
const logDir = path.join(root, '.run/logs');
const pidDir = path.join(root, '.run/services');

interface ServiceSpec {
  name: string;
  /** host:port for gRPC services, or an http URL for the edge. */
  probe: { grpc: string } | { http: string };
}

const env = process.env;
const SERVICES: ServiceSpec[] = [
  { name: 'identity', probe: { grpc: `127.0.0.1:${env.IDENTITY_GRPC_PORT ?? 50052}` } },
  { name: 'auth', probe: { grpc: `127.0.0.1:${env.AUTH_GRPC_PORT ?? 50051}` } },
  { name: 'ratelimit', probe: { grpc: `127.0.0.1:${env.RATELIMIT_GRPC_PORT ?? 50053}` } },
  { name: 'audit', probe: { grpc: `127.0.0.1:${env.AUDIT_GRPC_PORT ?? 50054}` } },
  { name: 'edge', probe: { http: `http://127.0.0.1:${env.EDGE_PORT ?? 8080}/health` } },
];

function start(spec: ServiceSpec): ChildProcess {
  const log = fs.openSync(path.join(logDir, `${spec.name}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services', spec.name, 'src/main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
  });
  fs.writeFileSync(path.join(pidDir, `${spec.name}.pid`), String(child.pid));
  return child;
}

async function httpHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitHealthy(spec: ServiceSpec, child: ChildProcess, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited with code ${child.exitCode}; see .run/logs/${spec.name}.log`);
    const healthy = 'grpc' in spec.probe ? await grpcHealthy(spec.probe.grpc) : await httpHealthy(spec.probe.http);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${spec.name} not healthy in time; see .run/logs/${spec.name}.log`);
}

async function stopAll(children: Array<[ServiceSpec, ChildProcess]>): Promise<void> {
  for (const [spec, child] of [...children].reverse()) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    fs.rmSync(path.join(pidDir, `${spec.name}.pid`), { force: true });
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(pidDir, { recursive: true });
  const started = Date.now();
  const children: Array<[ServiceSpec, ChildProcess]> = SERVICES.map((spec) => [spec, start(spec)]);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[platform] ${signal}: stopping services`);
    void stopAll(children).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  try {
    await Promise.all(children.map(([spec, child]) => waitHealthy(spec, child, started + 90_000)));
  } catch (error) {
    console.error(`[platform] ${(error as Error).message}`);
    await stopAll(children);
    process.exit(1);
  }
  console.log(`[platform] all five services healthy in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`[platform] edge: http://127.0.0.1:${env.EDGE_PORT ?? 8080}  (logs in .run/logs, Ctrl-C or 'npm stop' to stop)`);
  for (const [spec, child] of children) {
    child.once('exit', (code) => {
      if (!stopping) console.error(`[platform] ${spec.name} exited unexpectedly (code ${code}); see .run/logs/${spec.name}.log`);
    });
  }
}

void main();
