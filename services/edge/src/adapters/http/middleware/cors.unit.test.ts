import { request } from '../../../testing/testResponse';
import { miniApp, type MiniApp } from '../../../testing/miniApp';
import { cors } from './cors';

describe('CORS', () => {
  let app: MiniApp;
  beforeAll(async () => {
    app = await miniApp([cors({ allowedOrigins: ['https://app.example.com'], allowCredentials: true, maxAgeSeconds: 600 })]);
  });
  afterAll(() => app.close());
  const preflight = (origin: string) =>
    request(`${app.url}/api/v1/users`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  it('answers a preflight from an allowed origin with 204, the origin echoed and credentials', async () => {
    const res = await preflight('https://app.example.com');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('X-API-Key');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('refuses a preflight from another origin with 403 and no CORS headers', async () => {
    const res = await preflight('https://evil.example.net');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes the rate-limit headers, Retry-After and X-Request-ID on simple requests', async () => {
    const res = await request(app.url, { headers: { origin: 'https://app.example.com' } });
    expect(res.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('X-RateLimit-Remaining'));
    expect(res.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('Retry-After'));
    expect(res.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('X-Request-ID'));
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('never combines * with credentials: a wildcard list without credentials answers *', async () => {
    const open = await miniApp([cors({ allowedOrigins: ['*'], allowCredentials: false, maxAgeSeconds: 1 })]);
    try {
      const res = await request(open.url, { headers: { origin: 'https://any.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await open.close();
    }
  });
});
