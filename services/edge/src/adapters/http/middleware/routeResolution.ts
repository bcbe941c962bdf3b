import type { Step } from '../pipeline';
import { problem } from '../../../domain/problems';
import { resolveRoute } from '../../../domain/routeMatch';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

/**
 * Decides once what the request is (a platform route, the upstream, or nothing) from the route
 * table, so that every later step reads the same answer.
 */
export function routeResolution(upstreamConfigured: boolean): Step {
  return (req, res, next) => {
    const s = state(res);
    const method = req.method ?? 'GET';
    const match = resolveRoute(method, s.path, upstreamConfigured);
    s.route = match;
    if (match.kind === 'not_found') return sendProblem(res, problem(404, 'not_found', `No route for ${method} ${s.path}`));
    if (match.kind === 'method_not_allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      return sendProblem(res, problem(405, 'method_not_allowed', `${method} is not allowed on ${s.path}`));
    }
    next();
  };
}
