import type { ServerResponse } from 'node:http';
import type { Step } from '../pipeline';
import { problem } from '../../../domain/problems';
import { sendProblem } from '../sendProblem';

export interface CorsOptions {
  allowedOrigins: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
}

/** Adds Origin to Vary (keeping what is there), as a cache must not share answers across origins. */
function varyOnOrigin(res: ServerResponse): void {
  const current = res.getHeader('Vary');
  const listed = Array.isArray(current) ? current.join(', ') : current === undefined ? '' : String(current);
  if (listed.trim() === '*' || /(^|,)\s*origin\s*(,|$)/i.test(listed)) return;
  res.setHeader('Vary', listed.trim() === '' ? 'Origin' : `${listed}, Origin`);
}

const METHODS = 'GET, POST, PUT, DELETE, PATCH, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type, Authorization, X-API-Key, X-Request-ID, Accept, Origin';
export const EXPOSED_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
  'X-Request-ID',
].join(', ');

/**
 * CORS from an allow-list (exact origins). `*` is honoured only without credentials (config
 * refuses the combination). Preflights are answered here: 204 for an allowed origin, 403 for
 * any other, so a disallowed origin never reaches a handler through a browser.
 */
export function cors(options: CorsOptions): Step {
  const wildcard = options.allowedOrigins.includes('*') && !options.allowCredentials;
  const allowed = new Set(options.allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    varyOnOrigin(res);
    const ok = wildcard || allowed.has(origin);
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', wildcard ? '*' : origin);
      if (options.allowCredentials && !wildcard) res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) return next();
    if (!ok) return sendProblem(res, problem(403, 'cors_origin_not_allowed', 'Origin is not allowed'));
    res.setHeader('Access-Control-Allow-Methods', METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', String(options.maxAgeSeconds));
    res.statusCode = 204;
    res.end();
  };
}
