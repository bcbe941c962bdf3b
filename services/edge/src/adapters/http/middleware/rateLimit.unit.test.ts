import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('rate-limit step', () => {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await startEdge();
  });
  afterEach(() => edge.close());

  it('sets X-RateLimit-* and IETF RateLimit fields, then 429 with Retry-After and the QilbeeDB body', async () => {
    await edge.ratelimit.createPolicy({ name: 'general', endpointType: 'GeneralApi', customPath: '', maxRequests: 2, windowSecs: 60, overrides: {} });
    const first = await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('ratelimit-policy')).toBe('"general";q=2;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"general";r=1;t=\d+$/);
    await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) });
    const limited = await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const body = await limited.json();
    expect(body).toEqual(expect.objectContaining({ error: 'Too Many Requests', message: 'Rate limit exceeded for GeneralApi', limit: 2, remaining: 0, status: 429, code: 'rate_limited' }));
    expect(body.reset_in_seconds).toBeGreaterThanOrEqual(1);
    expect(edge.ratelimit.checks[0]?.descriptors[0]).toEqual({ endpointType: 'GeneralApi', path: '/api/v1/api-keys', subject: `user:${edge.user.id}` });
  });

  it('a policy name with quotes, newlines or non-Latin letters still makes valid header fields (never a 500)', async () => {
    await edge.ratelimit.createPolicy({ name: 'Politique ☃ "café"\n\\', endpointType: 'GeneralApi', customPath: '', maxRequests: 5, windowSecs: 60, overrides: {} });
    const reply = await edge.fetch('/api/v1/api-keys', { headers: bearer(edge.user.token) });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('ratelimit-policy')).toBe('"Politique ? \\"caf?\\"?\\\\";q=5;w=60');
  });

  it('requests with invalid credentials are checked per IP before the 401', async () => {
    await edge.ratelimit.createPolicy({ name: 'general', endpointType: 'GeneralApi', customPath: '', maxRequests: 1, windowSecs: 60, overrides: {} });
    expect((await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': 'guess-1' } })).status).toBe(401);
    expect((await edge.fetch('/api/v1/api-keys', { headers: { 'x-api-key': 'guess-2' } })).status).toBe(429);
    expect(edge.ratelimit.checks.every((c) => c.descriptors[0]?.subject === 'ip:127.0.0.1')).toBe(true);
  });

  it('login is limited per client IP; health is never rate-checked', async () => {
    await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: 'x' } });
    await edge.fetch('/health');
    expect(edge.ratelimit.checks.map((c) => c.descriptors[0])).toEqual([{ endpointType: 'Login', path: '/api/v1/auth/login', subject: 'ip:127.0.0.1' }]);
  });

  it('falls back to local buckets when the rate-limit service is down, and says so', async () => {
    edge.ratelimit.down = true;
    const res = await edge.fetch('/api/v1/auth/login', { method: 'POST', json: { username: 'alice', password: 'x' } });
    expect(res.headers.get('x-ratelimit-limit')).toBe('5');
    expect(edge.limiter.usingFallback).toBe(true);
    const ready = await (await edge.fetch('/ready')).json();
    expect(ready.status).toBe('degraded');
    expect(ready.checks.ratelimit).toContain('local buckets');
  });
});
