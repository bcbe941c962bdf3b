import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api } from './harness/api';
import { startPlatform, type Platform } from './harness/platform';

/**
 * The edge as a gateway in front of an upstream, behind a trusted proxy: HTTPS enforcement seen
 * through X-Forwarded-Proto, CORS from an allow-list, identity headers for the upstream (and
 * spoofed ones stripped), security headers.
 */
describe('edge gateway end to end', () => {
  jest.setTimeout(120_000);
  let platform: Platform;
  let upstream: http.Server;
  const seen: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
  let gateway: Api;
  let token: string;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"graphs":[]}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    platform = await startPlatform();
    const edge = await platform.startEdge({
      HTTPS_ENFORCE: 'true',
      HTTPS_PORT: '8443',
      TRUSTED_PROXIES: '127.0.0.1',
      CORS_ALLOWED_ORIGINS: 'https://app.example.com',
      UPSTREAM_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    });
    gateway = new Api(edge.url);
    token = (await new Api(platform.edgeUrl).loginAdmin()).access_token;
  });
  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.10' };
  const plain = { 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.10', 'x-forwarded-host': 'api.example.com' };

  it('HTTPS behind a proxy: GET over http is 308 to https, POST is 403, https passes with HSTS, /health exempt', async () => {
    const get = await gateway.call('GET', '/api/v1/users', { token, headers: plain });
    expect(get.status).toBe(308);
    expect(get.headers.get('location')).toBe('https://api.example.com:8443/api/v1/users');
    const post = await gateway.call('POST', '/api/v1/auth/login', { json: { username: 'a', password: 'b' }, headers: plain });
    expect(post.status).toBe(403);
    expect(post.body.code).toBe('https_required');
    const secure = await gateway.call('GET', '/api/v1/users', { token, headers: https });
    expect(secure.status).toBe(200);
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await gateway.call('GET', '/health', { headers: plain })).status).toBe(200);
    expect((await gateway.call('GET', '/health')).headers.get('strict-transport-security')).toBeNull();
  });

  it('security headers on every response, denials included', async () => {
    // Unknown outside the platform's prefixes: the upstream's, so authentication comes first.
    const reply = await gateway.call('GET', '/api/v1/nothing-here', { headers: https });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-request-id')).toBeTruthy();
  });

  it('CORS: preflight from the allowed origin 204, from another 403', async () => {
    const preflight = (origin: string) =>
      gateway.call('OPTIONS', '/api/v1/api-keys', { headers: { ...https, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const ok = await preflight('https://app.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const no = await preflight('https://evil.example.net');
    expect(no.status).toBe(403);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('upstream: proxied after auth with verified identity headers; spoofed ones stripped; anonymous 401', async () => {
    const reply = await gateway.call('GET', '/graphs', {
      token,
      headers: { ...https, 'x-qilbee-user-id': 'spoofed', 'x-qilbee-roles': 'Admin', 'x-qilbee-username': 'root', 'x-real-ip': '6.6.6.6' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ graphs: [] });
    const last = seen[seen.length - 1];
    expect(last?.headers['x-qilbee-username']).toBe('admin');
    expect(last?.headers['x-qilbee-user-id']).not.toBe('spoofed');
    expect(last?.headers['x-qilbee-roles']).toBe('Admin');
    expect(last?.headers['x-forwarded-for']).toBe('203.0.113.10');
    expect(last?.headers['x-real-ip']).toBeUndefined();
    expect(last?.headers.authorization).toBeUndefined();
    const count = seen.length;
    expect((await gateway.call('GET', '/graphs', { headers: https })).status).toBe(401);
    expect(seen.length).toBe(count);
  });
});
