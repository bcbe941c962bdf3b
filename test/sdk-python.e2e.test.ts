import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api, relaxLoginLimit } from './harness/api';
import { ADMIN_PASSWORD, ADMIN_USERNAME, startPlatform, type Platform } from './harness/platform';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = path.join(ROOT, 'packages', 'sdk-python');
// Its own venv (not .run/venv, which holds the QilbeeDB SDK): it proves that `pip install` of our
// package brings its declared dependency (requests) and nothing else is needed.
const VENV = path.join(ROOT, '.run', 'venv-sdk-python');
const PIP = path.join(VENV, 'bin', 'pip');
const PYTHON = path.join(VENV, 'bin', 'python');

/** Creates the venv once (pytest + requests from PyPI), then reinstalls the SDK from the working tree. */
function installSdk(): void {
  if (!existsSync(path.join(VENV, 'bin', 'pytest'))) {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(PIP, ['install', '-q', PACKAGE, 'pytest'], { stdio: 'inherit' });
  }
  // --no-index: the package builds with its in-tree stdlib backend, no download needed.
  execFileSync(PIP, ['install', '-q', '--no-index', '--no-deps', '--force-reinstall', PACKAGE], { stdio: 'inherit', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
}

function runPytest(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const output: string[] = [];
  return new Promise((resolve) => {
    // The JUnit report lets .ci/run count each SDK case, not just this one jest test.
    const junit = path.join(ROOT, '.run', 'test-results', 'sdk-python-pytest.xml');
    const child = spawn(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${junit}`, '-rs', 'tests'], {
      cwd: PACKAGE,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => resolve({ code, output: output.join('') }));
  });
}

/**
 * packages/sdk-python (qilbee_security 0.2.0), installed as a wheel into a venv, drives the running
 * platform: unit tests against a local stub (error mapping, retry, refresh, header switching) and
 * integration tests against the edge (tests/test_integration.py). pytest must exit 0 with no skips.
 */
describe('qilbee_security Python SDK against the platform', () => {
  jest.setTimeout(300_000);
  let platform: Platform;

  beforeAll(async () => {
    installSdk();
    platform = await startPlatform();
    const api = new Api(platform.edgeUrl);
    await relaxLoginLimit(api, (await api.loginAdmin()).access_token);
  });
  afterAll(() => platform?.stop());

  it('passes the unit and integration suites', async () => {
    const { code, output } = await runPytest({
      HOME: mkdtempSync(path.join(tmpdir(), 'qilbee-sdk-python-home-')),
      QILBEE_URL: platform.edgeUrl,
      QILBEE_ADMIN_USERNAME: ADMIN_USERNAME,
      QILBEE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      QILBEE_SDK_EXPECT_INSTALLED: '1',
    });
    if (code !== 0) throw new Error(`pytest exited with ${String(code)}:\n${output}`);
    expect(output).toMatch(/\d+ passed/);
    expect(output).not.toMatch(/skipped/); // the integration tests really ran
  });
});
