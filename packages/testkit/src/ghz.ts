import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** ghz, the Go gRPC load generator: a separate process, so it does not share the event loop it measures. */
export const GHZ = process.env.GHZ ?? path.join(homedir(), '.cache/qilbee/bin/ghz');

export interface GhzFigures {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * A descriptor set of proto/ built by buf: ghz 0.93 cannot parse proto3 `optional` from .proto
 * sources, a descriptor set it can.
 */
export async function buildProtoset(repoRoot: string, out: string): Promise<string> {
  await run(path.join(repoRoot, 'node_modules/.bin/buf'), ['build', '-o', out], { cwd: path.join(repoRoot, 'proto') });
  return out;
}

/** One ghz run (`extra`: e.g. ['-c', '50', '-z', '10s'] or ['--rps', '1000', ...]) and its figures. */
export async function ghz(name: string, port: number, call: string, protoset: string, data: unknown, extra: string[]): Promise<GhzFigures> {
  const args = ['--insecure', '--protoset', protoset, '--call', call, '-d', JSON.stringify(data), '--format', 'json', ...extra, `127.0.0.1:${port}`];
  const { stdout } = await run(GHZ, args, { maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(stdout) as { rps: number; latencyDistribution: Array<{ percentage: number; latency: number }>; statusCodeDistribution: Record<string, number> };
  const at = (p: number) => (report.latencyDistribution.find((d) => d.percentage === p)?.latency ?? NaN) / 1e6;
  const errors = Object.entries(report.statusCodeDistribution).filter(([code]) => code !== 'OK').reduce((sum, [, n]) => sum + n, 0);
  return { name, rps: Math.round(report.rps), p50Ms: round(at(50)), p99Ms: round(at(99)), errors };
}
