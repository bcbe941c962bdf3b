import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testEnv } from '@qilbee/testkit';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startPlatform, type Platform } from './harness/platform';

const ROOT = path.resolve(__dirname, '..');
const DOCS = ['quickstart.md', 'api-keys.md'];
/** The only shell lines in these docs not run verbatim: starting the platform (the harness does it). */
const NOT_RUN = new Set(['npm start        # Kafka, FerretDB and Redis (reused if running), then the five services']);

interface Blocks { tested: string[]; untested: string[] }

/** Fenced code blocks of a markdown file: ```bash test blocks are executed, any other must be allow-listed. */
function blocksOf(file: string): Blocks {
  const text = readFileSync(path.join(ROOT, 'docs', file), 'utf8');
  const blocks: Blocks = { tested: [], untested: [] };
  for (const match of text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
    const info = (match[1] ?? '').trim();
    (info === 'bash test' ? blocks.tested : blocks.untested).push(match[2] ?? '');
  }
  return blocks;
}

function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const output: string[] = [];
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: mkdtempSync(path.join(tmpdir(), 'qilbee-docs-')), env: { ...process.env, ...env } });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => resolve({ code, output: output.join('') }));
  });
}

/**
 * Every shell example of docs/quickstart.md and docs/api-keys.md runs, in order and as one bash
 * script per document (set -euo pipefail, so any failed command fails the test), against a fresh
 * platform with its default rate limits: the docs cannot rot.
 */
describe('docs examples run against the platform', () => {
  jest.setTimeout(240_000);
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.stop());

  it('has no untested code block besides starting the platform', () => {
    for (const file of DOCS) {
      const { tested, untested } = blocksOf(file);
      expect(tested.length).toBeGreaterThan(4);
      for (const block of untested) for (const line of block.trim().split('\n')) expect(NOT_RUN.has(line)).toBe(true);
    }
  });

  it.each(DOCS)('%s', async (file) => {
    const script = ['set -euo pipefail', ...blocksOf(file).tested].join('\n');
    const { code, output } = await runScript(script, {
      QILBEE_URL: platform.edgeUrl,
      ADMIN_USERNAME,
      ADMIN_PASSWORD,
      KAFKA_BROKERS: testEnv().kafkaBrokers.join(','),
    });
    if (code !== 0) throw new Error(`docs/${file} examples failed (exit ${String(code)}):\n${output}`);
  });
});
