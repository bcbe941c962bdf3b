import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 7.6.1) never cross a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export interface UpstreamIdentity {
  userId: string;
  username: string;
  roles: string[];
  apiKeyId?: string | undefined;
}

export interface ForwardContext {
  identity: UpstreamIdentity;
  clientIp: string;
  secure: boolean;
  requestId: string;
  forwardCredentials: boolean;
}

/**
 * The headers the upstream sees. Anything a client sent that could pose as the edge's word is
 * removed: X-Qilbee-* identity headers, X-Forwarded-*, Forwarded, X-Real-IP. The edge then sets
 * the identity it verified and the forwarding facts it established itself.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): OutgoingHttpHeaders {
  const connectionListed = new Set(String(incoming.connection ?? '').split(',').map((h) => h.trim().toLowerCase()));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || connectionListed.has(lower)) continue;
    if (lower.startsWith('x-qilbee-') || lower.startsWith('x-forwarded-') || lower === 'forwarded' || lower === 'x-real-ip') continue;
    if (!context.forwardCredentials && (lower === 'authorization' || lower === 'x-api-key' || lower === 'cookie')) continue;
    out[lower] = value;
  }
  out['x-qilbee-user-id'] = context.identity.userId;
  out['x-qilbee-username'] = context.identity.username;
  out['x-qilbee-roles'] = context.identity.roles.join(',');
  if (context.identity.apiKeyId) out['x-qilbee-api-key-id'] = context.identity.apiKeyId;
  out['x-forwarded-for'] = context.clientIp;
  out['x-forwarded-proto'] = context.secure ? 'https' : 'http';
  if (incoming.host) out['x-forwarded-host'] = incoming.host;
  out['x-request-id'] = context.requestId;
  return out;
}

/** Response headers from the upstream, minus hop-by-hop ones. */
export function clientResponseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}
