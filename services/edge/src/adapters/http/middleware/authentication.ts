import type { Step } from '../pipeline';
import type { Authenticator } from '../../../app/authenticate';
import { problem } from '../../../domain/problems';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Who is calling. Public routes are not authenticated at all (the SDK sends its possibly stale
 * Bearer everywhere, even to refresh and /health, which must keep working). On protected routes
 * and the upstream a missing or invalid credential is recorded, not answered yet: the rate-limit
 * step checks the client IP first, so keys and tokens cannot be guessed unthrottled, then 401s.
 */
export function authentication(authenticator: Authenticator): Step {
  return async (req, res, next) => {
    const s = state(res);
    const route = s.route;
    if (route.kind === 'route' && (route.spec.access.kind === 'public' || route.spec.access.kind === 'network')) return next();
    const outcome = await authenticator.authenticate({
      authorization: single(req.headers.authorization),
      apiKey: single(req.headers['x-api-key']),
    });
    switch (outcome.kind) {
      case 'authenticated':
        s.principal = outcome.principal;
        return next();
      case 'anonymous':
        s.authFailure = { reason: 'missing_credentials', detail: 'Authentication required: send a Bearer token or an X-API-Key' };
        return next();
      case 'rejected':
        s.authFailure = { reason: outcome.reason, detail: outcome.detail };
        return next();
      case 'unavailable':
        res.setHeader('Retry-After', '5');
        return sendProblem(res, problem(503, 'dependency_unavailable', outcome.detail));
    }
  };
}
