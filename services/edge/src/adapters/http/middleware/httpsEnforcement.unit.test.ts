import { request } from '../../../testing/testResponse';
import { IpSet } from '../../../domain/trustedProxies';
import { miniApp, type MiniApp } from '../../../testing/miniApp';
import { rawRequest } from '../../../testing/rawRequest';
import { clientAddress } from './clientAddress';
import { httpsEnforcement, type HttpsOptions } from './httpsEnforcement';

const options: HttpsOptions = { enforce: true, httpsPort: 8443, allowLocalhost: true, exemptPaths: ['/health'], unsafeMethods: 'reject' };

describe('HTTPS enforcement behind a trusted proxy', () => {
  let app: MiniApp;
  beforeAll(async () => {
    app = await miniApp([clientAddress(new IpSet(['127.0.0.1'])), httpsEnforcement(options)]);
  });
  afterAll(() => app.close());
  const viaProxy = (proto: string) => ({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': proto, 'x-forwarded-host': 'api.example.com:8080' });

  it('redirects a plain-HTTP GET with 308 to the HTTPS port, keeping path and query', async () => {
    const res = await request(`${app.url}/api/v1/users?limit=5`, { headers: viaProxy('http'), redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('https://api.example.com:8443/api/v1/users?limit=5');
  });

  it('rejects a plain-HTTP POST with 403 problem+json (a credential must not be replayed)', async () => {
    const res = await request(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: viaProxy('http'), redirect: 'manual' });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('https_required');
  });

  it('passes requests the proxy saw over HTTPS, exempt paths, and local clients', async () => {
    expect((await request(`${app.url}/x`, { headers: viaProxy('https') })).status).toBe(200);
    expect((await request(`${app.url}/health`, { headers: viaProxy('http') })).status).toBe(200);
    expect((await request(`${app.url}/x`)).status).toBe(200);
  });

  it('is off by default (HTTPS_ENFORCE=false)', async () => {
    const off = await miniApp([clientAddress(new IpSet(['127.0.0.1'])), httpsEnforcement({ ...options, enforce: false })]);
    try {
      expect((await request(`${off.url}/x`, { headers: viaProxy('http') })).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('does not believe X-Forwarded-Proto from an untrusted peer', async () => {
    const strict = await miniApp([clientAddress(new IpSet([])), httpsEnforcement({ ...options, allowLocalhost: false })]);
    try {
      const res = await rawRequest(`${strict.url}/x`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', host: 'api.example.com' } });
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe('https://api.example.com:8443/x');
    } finally {
      await strict.close();
    }
  });
});
