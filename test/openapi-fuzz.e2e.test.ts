import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Api } from './harness/api';
import { startPlatform, type Platform } from './harness/platform';

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.run', 'venv-schemathesis');
const ST = path.join(VENV, 'bin', 'st');

/** Schemathesis from PyPI, in its own venv (its dependencies are not the SDK's). */
function ensureSchemathesis(): void {
  if (existsSync(ST)) return;
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', 'schemathesis>=4.3,<5'], { stdio: 'inherit' });
}

/**
 * A property-based fuzzer reads /openapi.json and sends generated requests (valid and invalid) to
 * every operation as an admin, then checks every answer against the document: no 5xx, only
 * documented status codes, content types, headers and bodies, invalid input refused. Two checks
 * are left out because the contract itself asks for what they flag: `positive_data_acceptance`
 * (a well-formed value can still be 400: a cursor the service did not issue, a token that does
 * not verify, an unknown custom role, a wrong current password) and `ignored_auth` (requests
 * without credentials are rate-checked per IP first, so they may get 429 before 401).
 */
describe('Schemathesis against /openapi.json', () => {
  jest.setTimeout(600_000);
  let platform: Platform;
  let token: string;

  beforeAll(async () => {
    ensureSchemathesis();
    platform = await startPlatform();
    const api = new Api(platform.edgeUrl);
    token = (await api.loginAdmin()).access_token;
    // Generous limits, so that the fuzzer reaches the handlers instead of the rate limiter.
    for (const policy of (await api.call('GET', '/api/v1/rate-limits', { token })).body.policies) {
      await api.call('PUT', `/api/v1/rate-limits/${policy.id}`, { token, json: { max_requests: 1_000_000, window_secs: 60 } });
    }
  });
  afterAll(() => platform?.stop());

  it('finds no server error and no answer that differs from the document', async () => {
    const args = [
      'run',
      `${platform.edgeUrl}/openapi.json`,
      '-H',
      `Authorization: Bearer ${token}`,
      '--checks',
      'all',
      '--exclude-checks',
      'positive_data_acceptance,ignored_auth',
      '--max-examples',
      '15',
      '--seed',
      '20261128',
      // Logging the admin out mid-run would leave the rest of the run unauthenticated.
      '--exclude-path-regex',
      'revoke-all|/logout',
    ];
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      // Its cwd is where it keeps its crash cache: inside .run, never in the work tree.
      const child = spawn(ST, args, { cwd: VENV, env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('exit', resolve);
    });
    const text = output.join('');
    if (code !== 0) throw new Error(`schemathesis exited with ${String(code)}:\n${text.slice(-20_000)}`);
    expect(text).toMatch(/No issues found|passed/);
  });
});
