import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testEnv } from '@qilbee/testkit';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startPlatform, type Platform } from './harness/platform';

const ROOT = path.resolve(__dirname, '..');
const DOCS_DIR = path.join(ROOT, 'docs');
/** The only shell lines in the docs not run verbatim: starting the platform (the harness does it). */
const NOT_RUN = new Set(['npm start        # Kafka, FerretDB and Redis (reused if running), then the five services']);
/** Diagrams and directory trees are pictures, not code. */
const NOT_CODE = new Set(['mermaid', 'text']);

interface Blocks { tested: string[]; mirrored: Array<{ file: string; body: string }>; untested: string[] }

/**
 * Fenced code blocks of a markdown file:
 * - ```bash test          executed (all of a document's, in order, as one script);
 * - ```<lang> file=<path> must equal that file of the repo, which its own test exercises
 *                         (configuration examples: Envoy, Logstash, Splunk, JSON Schemas);
 * - ```mermaid, ```text   a diagram or a tree;
 * - anything else must be allow-listed in NOT_RUN line by line.
 */
function blocksOf(file: string): Blocks {
  const text = readFileSync(path.join(DOCS_DIR, file), 'utf8');
  const blocks: Blocks = { tested: [], mirrored: [], untested: [] };
  for (const match of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
    const info = (match[1] ?? '').trim();
    const body = match[2] ?? '';
    const mirror = /^\S+ file=(\S+)$/.exec(info);
    if (info === 'bash test') blocks.tested.push(body);
    else if (mirror?.[1]) blocks.mirrored.push({ file: mirror[1], body });
    else if (!NOT_CODE.has(info)) blocks.untested.push(body);
  }
  return blocks;
}

const DOCS = readdirSync(DOCS_DIR).filter((name) => name.endsWith('.md')).sort();
const RUNNABLE = DOCS.filter((file) => blocksOf(file).tested.length > 0);

function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const output: string[] = [];
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: mkdtempSync(path.join(tmpdir(), 'qilbee-docs-')), env: { ...process.env, ...env } });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => resolve({ code, output: output.join('') }));
  });
}

describe('every code block of docs/ is run or mirrors a tested file', () => {
  it.each(DOCS)('%s', (file) => {
    const { untested, mirrored } = blocksOf(file);
    for (const block of untested) for (const line of block.trim().split('\n')) expect(NOT_RUN.has(line)).toBe(true);
    for (const { file: mirror, body } of mirrored) expect(body).toBe(readFileSync(path.join(ROOT, mirror), 'utf8'));
  });
});

/**
 * Every shell example runs, as one bash script per document (set -euo pipefail, so any failed
 * command fails the test), against a fresh platform of its own with the default rate limits: each
 * guide is a newcomer's walkthrough, and the docs cannot rot.
 */
describe.each(RUNNABLE)('docs/%s examples run against a fresh platform', (file) => {
  jest.setTimeout(240_000);
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.stop());

  it('runs every bash test block without an error', async () => {
    const script = ['set -euo pipefail', ...blocksOf(file).tested].join('\n');
    const { code, output } = await runScript(script, {
      QILBEE_URL: platform.edgeUrl,
      ADMIN_USERNAME,
      ADMIN_PASSWORD,
      KAFKA_BROKERS: testEnv().kafkaBrokers.join(','),
      QILBEE_ROOT: ROOT,
      RATELIMIT_GRPC_URL: platform.grpc.ratelimit,
    });
    if (code !== 0) throw new Error(`docs/${file} examples failed (exit ${String(code)}):\n${output}`);
  });
});
