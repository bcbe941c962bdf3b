import type { RequestHandler } from 'express';
import { problem } from '../../../domain/problems';
import { resolveRoute } from '../../../domain/routeMatch';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

/**
 * Decides once what the request is (a platform route, the upstream, or nothing) from the route
 * table, so that every later step reads the same answer.
 */
export function routeResolution(upstreamConfigured: boolean): RequestHandler {
  return (req, res, next) => {
    const match = resolveRoute(req.method, req.path, upstreamConfigured);
    state(res).route = match;
    if (match.kind === 'not_found') return sendProblem(res, problem(404, 'not_found', `No route for ${req.method} ${req.path}`));
    if (match.kind === 'method_not_allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      return sendProblem(res, problem(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}`));
    }
    next();
  };
}
