import { BlockList, isIP } from 'node:net';

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`, as Node reports IPv4 peers on dual-stack sockets) -> IPv4. */
export function normalizeIp(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/** A set of IPs/CIDRs (TRUSTED_PROXIES). Invalid entries are reported so config can fail fast. */
export class IpSet {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', bits] = entry.trim().split('/');
      const family = isIP(address);
      if (family === 0) throw new Error(`not an IP or CIDR: ${entry}`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(address, type);
      else {
        const prefix = Number(bits);
        if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`bad prefix length: ${entry}`);
        this.list.addSubnet(address, prefix, type);
      }
    }
    this.size = entries.length;
  }

  /** Answers by address, remembered: a few peers (the proxies, the clients) ask again and again. */
  private readonly answers = new Map<string, boolean>();

  has(address: string): boolean {
    if (this.size === 0) return false;
    const known = this.answers.get(address);
    if (known !== undefined) return known;
    if (this.answers.size >= 4096) this.answers.clear();
    const answer = this.check(address);
    this.answers.set(address, answer);
    return answer;
  }

  private check(address: string): boolean {
    const ip = normalizeIp(address);
    const family = isIP(ip);
    if (family === 0) return false;
    return this.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }
}

export function isLoopback(address: string): boolean {
  const ip = normalizeIp(address);
  return ip === '::1' || /^127\./.test(ip);
}

export interface PeerView {
  clientIp: string;
  /** The direct peer is a configured proxy, so its forwarding headers are believed. */
  peerTrusted: boolean;
  /** HTTPS as seen by the client: TLS on our socket, or X-Forwarded-Proto from a trusted proxy. */
  secure: boolean;
}

/**
 * The client IP walks X-Forwarded-For from the right while the hops are trusted proxies: the
 * right-most untrusted hop is the client (anything left of it could be forged by the client).
 */
export function viewPeer(
  socketAddress: string,
  socketEncrypted: boolean,
  forwardedFor: string | undefined,
  forwardedProto: string | undefined,
  trusted: IpSet,
): PeerView {
  const peer = normalizeIp(socketAddress || '0.0.0.0');
  const peerTrusted = trusted.has(peer);
  if (!peerTrusted) return { clientIp: peer, peerTrusted, secure: socketEncrypted };
  const hops = (forwardedFor ?? '').split(',').map((h) => normalizeIp(h)).filter((h) => isIP(h) !== 0);
  let clientIp = peer;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    clientIp = hops[i] ?? clientIp;
    if (!trusted.has(clientIp)) break;
  }
  const proto = (forwardedProto ?? '').split(',')[0]?.trim().toLowerCase();
  return { clientIp, peerTrusted, secure: socketEncrypted || proto === 'https' };
}
