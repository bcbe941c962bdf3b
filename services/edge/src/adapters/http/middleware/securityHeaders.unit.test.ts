import { request } from '../../../testing/testResponse';
import { IpSet } from '../../../domain/trustedProxies';
import { miniApp } from '../../../testing/miniApp';
import { clientAddress } from './clientAddress';
import { HSTS_VALUE, securityHeaders } from './securityHeaders';

describe('security headers', () => {
  it("sends QilbeeDB's values on every response, and no HSTS over plain HTTP", async () => {
    const app = await miniApp([clientAddress(new IpSet([])), securityHeaders()]);
    try {
      const res = await request(app.url);
      const h = res.headers;
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('x-xss-protection')).toBe('1; mode=block');
      expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(h.get('content-security-policy')).toBe(
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self';object-src 'none';frame-ancestors 'none';base-uri 'self';form-action 'self'",
      );
      expect(h.get('permissions-policy')).toBe('geolocation=(), microphone=(), camera=(), payment=()');
      expect(h.get('cache-control')).toBe('no-store, no-cache, must-revalidate, proxy-revalidate');
      expect(h.get('pragma')).toBe('no-cache');
      expect(h.get('x-permitted-cross-domain-policies')).toBe('none');
      expect(h.get('x-download-options')).toBe('noopen');
      expect(h.get('strict-transport-security')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('adds HSTS when a trusted proxy says the client used HTTPS', async () => {
    const app = await miniApp([clientAddress(new IpSet(['127.0.0.1'])), securityHeaders()]);
    try {
      const res = await request(app.url, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBe(HSTS_VALUE);
    } finally {
      await app.close();
    }
  });
});
