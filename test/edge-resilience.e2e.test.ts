import { Api, relaxLoginLimit } from './harness/api';
import { startPlatform, type Platform } from './harness/platform';

/**
 * The edge keeps answering when its dependencies go away, and never hangs: rate-limit service
 * down -> local buckets (and /ready says so); identity down -> cached API keys work, new ones
 * 503; auth down -> JWTs still verify locally. Services are stopped one after the other.
 */
describe('edge resilience end to end', () => {
  jest.setTimeout(120_000);
  let platform: Platform;
  let api: Api;
  let token: string;
  let cachedKey: string;
  let freshKey: string;

  beforeAll(async () => {
    platform = await startPlatform({ edgeEnv: { GRPC_DEADLINE_MS: '500', ACCOUNT_DEADLINE_MS: '500' } });
    api = new Api(platform.edgeUrl);
    token = (await api.loginAdmin()).access_token;
    await relaxLoginLimit(api, token);
    cachedKey = (await api.call('POST', '/api/v1/api-keys', { token, json: { name: 'cached' } })).body.key;
    freshKey = (await api.call('POST', '/api/v1/api-keys', { token, json: { name: 'fresh' } })).body.key;
    expect((await api.call('GET', '/api/v1/audit-logs?limit=1', { apiKey: cachedKey })).status).toBe(200);
  });
  afterAll(() => platform?.stop());

  it('rate-limit service down: answers from local buckets with headers; /ready degraded', async () => {
    await platform.stopService('ratelimit');
    const started = Date.now();
    const reply = await api.call('GET', '/api/v1/audit-logs?limit=1', { token });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-ratelimit-limit')).toBe('1000');
    const ready = await api.call('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks.ratelimit).toMatch(/local buckets/);
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.body).toMatch(/edge_ratelimit_fallback_active 1/);
  });

  it('identity down: a cached API key keeps working, an uncached one is 503 (not 401, not a hang)', async () => {
    await platform.stopService('identity');
    expect((await api.call('GET', '/api/v1/audit-logs?limit=1', { apiKey: cachedKey })).status).toBe(200);
    const started = Date.now();
    const fresh = await api.call('GET', '/api/v1/audit-logs?limit=1', { apiKey: freshKey });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fresh.status).toBe(503);
    expect(fresh.body.code).toBe('dependency_unavailable');
    const users = await api.call('GET', '/api/v1/users', { token });
    expect(users.status).toBe(503);
  });

  it('auth down: JWTs still verify locally; login answers 503 quickly', async () => {
    await platform.stopService('auth');
    expect((await api.call('GET', '/api/v1/audit-logs?limit=1', { token })).status).toBe(200);
    const started = Date.now();
    const login = await api.call('POST', '/api/v1/auth/login', { json: { username: 'admin', password: 'whatever' } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(login.status).toBe(503);
    expect((await api.call('GET', '/health')).status).toBe(200);
  });
});
