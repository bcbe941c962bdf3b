import type { Step } from '../pipeline';
import { isLoopback } from '../../../domain/trustedProxies';
import { problem } from '../../../domain/problems';
import { hasSegmentPrefix } from '../../../domain/routeMatch';
import { redirect, sendProblem } from '../sendProblem';
import { state } from '../requestState';

export interface HttpsOptions {
  enforce: boolean;
  httpsPort: number;
  allowLocalhost: boolean;
  exemptPaths: string[];
  /** Plain-HTTP POST/PUT/DELETE: `reject` (403) or `redirect` (308, method and body kept). */
  unsafeMethods: 'reject' | 'redirect';
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

/**
 * HTTPS enforcement (off by default, as in QilbeeDB). GET/HEAD are redirected with 308; other
 * methods are rejected with 403 rather than redirected, because a credential already sent in
 * clear must not be silently replayed, and clients like python-requests turn a 301 POST into a
 * GET. "Secure" is decided by the socket or a trusted proxy's X-Forwarded-Proto; local clients
 * and exempt paths (health probes) pass.
 */
export function httpsEnforcement(options: HttpsOptions): Step {
  return (req, res, next) => {
    if (!options.enforce) return next();
    const s = state(res);
    if (s.secure) return next();
    if (options.exemptPaths.some((prefix) => hasSegmentPrefix(s.path, prefix))) return next();
    if (options.allowLocalhost && isLoopback(s.clientIp)) return next();
    const forwardedHost = s.peerTrusted ? req.headers['x-forwarded-host'] : undefined;
    const host = hostWithoutPort(String(forwardedHost ?? req.headers.host ?? '').split(',')[0]?.trim() ?? '');
    const safe = req.method === 'GET' || req.method === 'HEAD';
    if (host && (safe || options.unsafeMethods === 'redirect') && /^[A-Za-z0-9.\-[\]:]+$/.test(host)) {
      const port = options.httpsPort === 443 ? '' : `:${options.httpsPort}`;
      s.denial = { type: 'https_required', reason: 'https_redirect' };
      redirect(res, 308, `https://${host}${port}${s.url}`);
      return;
    }
    sendProblem(res, problem(403, 'https_required', 'HTTPS is required'), 'https_required');
  };
}
