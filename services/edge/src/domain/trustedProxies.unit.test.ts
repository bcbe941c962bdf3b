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

  it('gives the same answers when it remembers them, past its memory bound too', () => {
    const set = new IpSet(['10.0.0.0/8']);
    const addresses = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? `10.0.${(i >> 8) & 255}.${i & 255}` : `11.0.${(i >> 8) & 255}.${i & 255}`));
    for (let round = 0; round < 2; round += 1) {
      expect(addresses.filter((a) => set.has(a))).toHaveLength(2500);
      expect(set.has('::ffff:10.1.2.3')).toBe(true);
      expect(set.has('not an ip')).toBe(false);
    }
    expect(new IpSet([]).has('10.0.0.1')).toBe(false);
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
