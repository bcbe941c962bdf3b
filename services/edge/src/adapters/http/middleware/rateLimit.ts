import type { ServerResponse } from 'node:http';
import type { Step } from '../pipeline';
import type { RateDecision, RateLimiter } from '../../../app/rateLimiter';
import { problem } from '../../../domain/problems';
import { endpointTypeFor, rateLimitSubject } from '../../../domain/rateLimitClassification';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

/**
 * A policy name as an RFC 8941 sf-string: printable ASCII only, with `"` and `\` escaped.
 * Names may contain anything (an admin typed them), and a header value Node refuses would turn
 * every request under the policy into a 500; other characters become `?`.
 */
export function sfString(name: string): string {
  return `"${name.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** QilbeeDB's X-RateLimit-* plus the IETF draft's RateLimit-Policy / RateLimit fields. */
export function setRateLimitHeaders(res: ServerResponse, decision: RateDecision): void {
  res.setHeader('X-RateLimit-Limit', String(decision.limit));
  res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
  res.setHeader('X-RateLimit-Reset', String(decision.resetSeconds));
  res.setHeader('RateLimit-Policy', `${sfString(decision.policyName)};q=${decision.limit};w=${decision.windowSecs}`);
  res.setHeader('RateLimit', `${sfString(decision.policyName)};r=${decision.remaining};t=${decision.fullResetSeconds}`);
}

/**
 * Rate check through the rate-limit service (local buckets when it is down). The subject is the
 * API key, the user, or the client IP (anonymous and failed-credential requests, and logins).
 * A 429 carries Retry-After and QilbeeDB's body; a pending authentication failure becomes 401 here.
 */
export function rateLimit(limiter: RateLimiter): Step {
  return async (req, res, next) => {
    const s = state(res);
    const route = s.route;
    if (route.kind === 'route' && !route.spec.rateLimited) return next();
    const routeId = route.kind === 'route' ? route.spec.id : undefined;
    const endpointType = endpointTypeFor(routeId, s.path);
    const subject = rateLimitSubject(endpointType, { clientIp: s.clientIp, userId: s.principal?.userId, apiKeyId: s.principal?.apiKeyId });
    const decision = await limiter.check({ endpointType, path: s.path, subject });
    if (decision) {
      s.rate = decision;
      setRateLimitHeaders(res, decision);
      if (!decision.allowed) {
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        const message = `Rate limit exceeded for ${endpointType}`;
        return sendProblem(
          res,
          problem(429, 'rate_limited', message, {
            error: 'Too Many Requests',
            message,
            limit: decision.limit,
            remaining: decision.remaining,
            reset_in_seconds: decision.resetSeconds,
          }),
        );
      }
    }
    if (s.authFailure) return sendProblem(res, problem(401, s.authFailure.reason, s.authFailure.detail));
    next();
  };
}
