import type { Step } from '../pipeline';
import type { TLSSocket } from 'node:tls';
import { viewPeer, type IpSet } from '../../../domain/trustedProxies';
import { state } from '../requestState';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Client IP and scheme: from the socket, unless the peer is a trusted proxy, whose
 * X-Forwarded-For / X-Forwarded-Proto are then believed (right-most untrusted hop is the client).
 */
export function clientAddress(trusted: IpSet): Step {
  return (req, res, next) => {
    const view = viewPeer(
      req.socket.remoteAddress ?? '',
      Boolean((req.socket as TLSSocket).encrypted),
      header(req.headers['x-forwarded-for']),
      header(req.headers['x-forwarded-proto']),
      trusted,
    );
    Object.assign(state(res), view);
    next();
  };
}
