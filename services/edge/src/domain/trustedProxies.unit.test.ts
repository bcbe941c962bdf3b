import { IpSet, isLoopback, viewPeer } from './trustedProxies';

describe('trusted proxies', () => {
  const trusted = new IpSet(['10.0.0.0/8', '192.0.2.1', '::1']);

  it('matches IPs and CIDRs, including IPv4-mapped IPv6 peers', () => {
    expect(trusted.has('10.20.30.40')).toBe(true);
    expect(trusted.has('::ffff:10.1.1.1')).toBe(true);
    expect(trusted.has('192.0.2.2')).toBe(false);
    expect(() => new IpSet(['not-an-ip'])).toThrow();
    expect(() => new IpSet(['10.0.0.0/33'])).toThrow();
  });

  it('takes the right-most untrusted X-Forwarded-For hop as the client', () => {
    expect(viewPeer('10.0.0.1', false, '1.1.1.1, 203.0.113.9, 10.0.0.7', 'https', trusted)).toEqual({ clientIp: '203.0.113.9', peerTrusted: true, secure: true });
  });

  it('ignores forwarding headers from an untrusted peer', () => {
    expect(viewPeer('198.51.100.4', false, '1.1.1.1', 'https', trusted)).toEqual({ clientIp: '198.51.100.4', peerTrusted: false, secure: false });
  });

  it('falls back to the proxy itself when the header is missing or garbage', () => {
    expect(viewPeer('10.0.0.1', false, 'garbage', undefined, trusted).clientIp).toBe('10.0.0.1');
  });

  it('knows loopback', () => {
    expect(isLoopback('127.0.0.5')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
