import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { state } from '../requestState';

/** QilbeeDB's Content-Security-Policy, directive for directive (qilbee-wire.md section 3.1). */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Helmet plus QilbeeDB's exact values on every response. HSTS only when the request came over
 * HTTPS (directly or via a trusted proxy): over plain HTTP a browser ignores it anyway, and
 * sending it there (as QilbeeDB does) would only mislead. Cache headers are defaults a handler
 * may override.
 */
export function securityHeaders(): RequestHandler {
  const base = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
    xDownloadOptions: true,
    xContentTypeOptions: true,
    xXssProtection: false,
  });
  return (req, res, next) => {
    base(req, res, () => {
      res.setHeader('X-XSS-Protection', '1; mode=block');
      res.setHeader('Permissions-Policy', 'geolocation=(), microphone=(), camera=(), payment=()');
      res.setHeader('Cache-Control', 'no-store, no-cache, must-revalidate, proxy-revalidate');
      res.setHeader('Pragma', 'no-cache');
      if (state(res).secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
      next();
    });
  };
}
