import { request } from '../../../testing/testResponse';
import { IpSet } from '../../../domain/trustedProxies';
import { miniApp } from '../../../testing/miniApp';
import { clientAddress } from './clientAddress';

describe('client address', () => {
  it('ignores forwarding headers from an untrusted peer', async () => {
    const app = await miniApp([clientAddress(new IpSet([]))]);
    try {
      const body = await (await request(app.url, { headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' } })).json();
      expect(body).toEqual(expect.objectContaining({ clientIp: '127.0.0.1', secure: false }));
    } finally {
      await app.close();
    }
  });

  it('believes a trusted proxy: right-most untrusted hop, and its X-Forwarded-Proto', async () => {
    const app = await miniApp([clientAddress(new IpSet(['127.0.0.0/8', '10.0.0.0/8']))]);
    try {
      const res = await request(app.url, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.1.2.3', 'x-forwarded-proto': 'https' } });
      expect(await res.json()).toEqual(expect.objectContaining({ clientIp: '203.0.113.9', secure: true }));
    } finally {
      await app.close();
    }
  });
});
