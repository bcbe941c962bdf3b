import type { Step } from '../pipeline';
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

/** Helmet configured with QilbeeDB's values. */
function configuredHelmet() {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xPermittedCrossDomainPolicies: { permittedPolicies: 'none' },
    xDownloadOptions: true,
    xContentTypeOptions: true,
    xXssProtection: false,
  });
}

/**
 * The headers helmet sets, captured once: with this configuration they do not depend on the
 * request, and running helmet's dozen middlewares per request cost more than the rest of the step.
 */
export function staticHeaders(): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = { setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]), removeHeader: () => undefined };
  let finished = false;
  configuredHelmet()({} as never, recorder as never, () => {
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  headers.push(
    ['X-XSS-Protection', '1; mode=block'],
    ['Permissions-Policy', 'geolocation=(), microphone=(), camera=(), payment=()'],
    ['Cache-Control', 'no-store, no-cache, must-revalidate, proxy-revalidate'],
    ['Pragma', 'no-cache'],
  );
  return headers;
}

/**
 * Helmet plus QilbeeDB's exact values on every response. HSTS only when the request came over
 * HTTPS (directly or via a trusted proxy): over plain HTTP a browser ignores it anyway, and
 * sending it there (as QilbeeDB does) would only mislead. Cache headers are defaults a handler
 * may override.
 */
export function securityHeaders(): Step {
  const headers = staticHeaders();
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    if (state(res).secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
    next();
  };
}
