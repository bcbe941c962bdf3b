import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api, relaxLoginLimit } from './harness/api';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startPlatform, type Platform } from './harness/platform';

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.run', 'venv');
const PYTEST = path.join(VENV, 'bin', 'pytest');

/** The venv with the real SDK from PyPI (+ the deps its wheel forgets to declare: PyJWT, cryptography). */
function ensureVenv(): void {
  if (existsSync(PYTEST) && existsSync(path.join(VENV, 'lib'))) return;
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', 'qilbeedb>=0.2,<0.3', 'PyJWT', 'cryptography', 'pytest'], { stdio: 'inherit' });
}

/**
 * The QilbeeDB Python SDK, unchanged from PyPI, drives the running platform through the edge:
 * login, logout, refresh, set_api_key, user CRUD, API keys, rate-limit policies, audit queries,
 * revoke, revoke-all, lockout admin (test/sdk/test_sdk.py). pytest must exit 0.
 */
describe('QilbeeDB Python SDK against the platform', () => {
  jest.setTimeout(600_000);
  let platform: Platform;

  beforeAll(async () => {
    ensureVenv();
    platform = await startPlatform();
    const api = new Api(platform.edgeUrl);
    await relaxLoginLimit(api, (await api.loginAdmin()).access_token);
  });
  afterAll(() => platform?.stop());

  it('passes the SDK suite', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'qilbee-sdk-home-'));
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      // The JUnit report lets .ci/run count each SDK case, not just this one jest test.
      const junit = path.join(ROOT, '.run', 'test-results', 'sdk-pytest.xml');
      const child = spawn(PYTEST, ['-q', '-p', 'no:cacheprovider', `--junitxml=${junit}`, path.join(ROOT, 'test', 'sdk')], {
        cwd: path.join(ROOT, 'test', 'sdk'),
        env: { ...process.env, HOME: home, QILBEE_URL: platform.edgeUrl, QILBEE_ADMIN_USERNAME: ADMIN_USERNAME, QILBEE_ADMIN_PASSWORD: ADMIN_PASSWORD },
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`pytest exited with ${String(code)}:\n${output.join('')}`);
    expect(output.join('')).toMatch(/passed/);
  });
});
