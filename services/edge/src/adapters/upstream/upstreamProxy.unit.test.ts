import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, startEdge, type EdgeUnderTest } from '../../testing/edgeHarness';

describe('upstream guard', () => {
  let upstream: http.Server;
  let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  let edge: EdgeUnderTest;

  beforeAll(async () => {
    seen = [];
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end(JSON.stringify({ graphs: [] }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    edge = await startEdge({ upstream: { url, permission: 'GraphRead', timeoutMs: 2000, forwardCredentials: false } });
  });
  afterAll(async () => {
    await edge.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('proxies a non-platform path after auth, with verified identity headers; spoofed ones are stripped', async () => {
    const res = await edge.fetch('/graphs?x=1', {
      headers: { ...bearer(edge.user.token), 'x-qilbee-user-id': 'spoofed', 'x-qilbee-roles': 'Admin', 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(await res.json()).toEqual({ graphs: [] });
    const last = seen[seen.length - 1];
    expect(last?.url).toBe('/graphs?x=1');
    expect(last?.headers['x-qilbee-user-id']).toBe(edge.user.id);
    expect(last?.headers['x-qilbee-username']).toBe('alice');
    expect(last?.headers['x-qilbee-roles']).toBe('Read');
    expect(last?.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(last?.headers['x-real-ip']).toBeUndefined();
    expect(last?.headers.authorization).toBeUndefined();
  });

  it('streams request bodies and answers with the upstream status (incl. /api/v1/llm/*)', async () => {
    const res = await edge.fetch('/api/v1/llm/config', { method: 'PUT', headers: { ...bearer(edge.admin.token), 'content-type': 'application/json' }, body: '{"provider":"x"}' });
    expect(res.status).toBe(200);
    expect(seen[seen.length - 1]?.body).toBe('{"provider":"x"}');
    expect((await edge.fetch('/missing', { headers: bearer(edge.user.token) })).status).toBe(404);
  });

  it('unauthenticated is 401 and lacking the permission is 403; nothing reaches the upstream', async () => {
    const before = seen.length;
    expect((await edge.fetch('/graphs')).status).toBe(401);
    const noRoles = await edge.auth.sign({ sub: edge.user.id, username: 'alice', roles: [] });
    expect((await edge.fetch('/graphs', { headers: bearer(noRoles) })).status).toBe(403);
    expect(seen.length).toBe(before);
  });

  it('an API-key caller is named by X-Qilbee-Api-Key-Id', async () => {
    const key = await (await edge.fetch('/api/v1/api-keys', { method: 'POST', headers: bearer(edge.user.token), json: { name: 'k' } })).json();
    await edge.fetch('/graphs', { headers: { 'x-api-key': key.key } });
    expect(seen[seen.length - 1]?.headers['x-qilbee-api-key-id']).toBe(key.id);
    expect(seen[seen.length - 1]?.headers['x-api-key']).toBeUndefined();
  });
});
