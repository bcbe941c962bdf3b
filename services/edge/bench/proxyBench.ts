/**
 * Edge overhead benchmark (run: `npx tsx services/edge/bench/proxyBench.ts`; needs infra up).
 * Starts the platform, a no-op upstream and an edge guarding it; then, in the same run, measures
 * with autocannon: (1) the upstream hit directly, (2) an API-key-authenticated, rate-limited,
 * authorized GET proxied through the edge — at full load and at a fixed 1,000 requests/s — and
 * (3) a bare Node proxy to the same upstream: the ceiling for any Node edge on this machine.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Api } from '../../../test/harness/api';
import { startPlatform } from '../../../test/harness/platform';

// autocannon ships no types; the shape used here is small.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<Result>;

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

function startChild(script: string, args: string[] = []): Promise<{ url: string; pid: number; stop(): void }> {
  const child = fork(path.join(__dirname, script), args, { stdio: 'ignore' });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) => resolve({ url: `http://127.0.0.1:${m.port}`, pid: child.pid ?? 0, stop: () => child.kill() }));
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc: robust to machine load. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Runs a load and reports the CPU milliseconds the process spent per request answered. */
async function runMeasuringCpu(label: string, pid: number, url: string, headers: Record<string, string>): Promise<{ result: Result; cpuMsPerRequest: number }> {
  const before = cpuSeconds(pid);
  const result = await run(label, url, headers);
  const cpuMsPerRequest = ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.requests.total);
  console.log(`${''.padEnd(34)} ${cpuMsPerRequest.toFixed(3)} CPU ms per request in the proxying process`);
  return { result, cpuMsPerRequest };
}

async function run(label: string, url: string, headers: Record<string, string>, rate?: number): Promise<Result> {
  const result = await autocannon({ url, headers, connections: rate ? 20 : CONNECTIONS, duration: DURATION_S, ...(rate ? { overallRate: rate } : {}) });
  const line = `${label.padEnd(34)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  non2xx ${result.non2xx} errors ${result.errors}`;
  console.log(line);
  return result;
}

async function main(): Promise<void> {
  const upstream = await startChild('noopUpstream.js');
  const bare = await startChild('bareProxy.js', [new URL(upstream.url).port]);
  const platform = await startPlatform();
  try {
    // EDGE_NODE_OPTIONS=--cpu-prof profiles the guarding edge (written when it stops).
    const profiling: Record<string, string> = process.env.EDGE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.EDGE_NODE_OPTIONS } : {};
    const edge = await platform.startEdge({ UPSTREAM_URL: upstream.url, LOG_LEVEL: process.env.EDGE_LOG_LEVEL ?? 'info', ...profiling });
    const api = new Api(platform.edgeUrl);
    const admin = (await api.loginAdmin()).access_token;
    for (const policy of (await api.call('GET', '/api/v1/rate-limits', { token: admin })).body.policies) {
      const reply = await api.call('PUT', `/api/v1/rate-limits/${policy.id}`, { token: admin, json: { max_requests: 1_000_000, window_secs: 60 } });
      if (reply.status !== 200) throw new Error(`policy ${policy.name}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    const key = (await api.call('POST', '/api/v1/api-keys', { token: admin, json: { name: 'bench' } })).body.key as string;
    const viaEdge = `${edge.url}/graphs/bench`;
    const check = await new Api(edge.url).call('GET', '/graphs/bench', { apiKey: key });
    if (check.status !== 200 || !check.headers.get('x-ratelimit-limit')) throw new Error(`edge path not ready: ${check.status}`);

    console.log(`autocannon, ${DURATION_S}s per run, ${CONNECTIONS} connections (fixed-rate runs: 20 connections)`);
    await run('warm-up edge', viaEdge, { 'x-api-key': key });
    const direct = await run('upstream direct (max)', `${upstream.url}/graphs/bench`, {});
    const bareProxy = await runMeasuringCpu('bare Node proxy (max, the ceiling)', bare.pid, `${bare.url}/graphs/bench`, {});
    const edgeMax = await runMeasuringCpu('edge: key+ratelimit+rbac+proxy (max)', edge.service.process.pid ?? 0, viaEdge, { 'x-api-key': key });
    const proxied = edgeMax.result;
    const directFixed = await run('upstream direct @1000/s', `${upstream.url}/graphs/bench`, {}, 1000);
    const bareFixed = await run('bare Node proxy @1000/s', `${bare.url}/graphs/bench`, {}, 1000);
    const proxiedFixed = await run('edge @1000/s', viaEdge, { 'x-api-key': key }, 1000);
    console.log(`throughput ratio edge/direct: ${((proxied.requests.average / direct.requests.average) * 100).toFixed(1)}% (target >= 40%)`);
    console.log(`ceiling: bare Node proxy/direct ${((bareProxy.result.requests.average / direct.requests.average) * 100).toFixed(1)}%; edge/bare proxy ${((proxied.requests.average / bareProxy.result.requests.average) * 100).toFixed(1)}%`);
    console.log(`CPU per request: edge ${edgeMax.cpuMsPerRequest.toFixed(3)} ms vs bare proxy ${bareProxy.cpuMsPerRequest.toFixed(3)} ms (${(edgeMax.cpuMsPerRequest / bareProxy.cpuMsPerRequest).toFixed(1)}x)`);
    console.log(`added p99 at 1000 req/s: ${proxiedFixed.latency.p99 - directFixed.latency.p99} ms (target < 5 ms); added p50: ${proxiedFixed.latency.p50 - directFixed.latency.p50} ms`);
    console.log(`the bare Node proxy adds p99 ${bareFixed.latency.p99 - directFixed.latency.p99} ms, p50 ${bareFixed.latency.p50 - directFixed.latency.p50} ms at the same rate`);
  } finally {
    await platform.stop();
    upstream.stop();
    bare.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
