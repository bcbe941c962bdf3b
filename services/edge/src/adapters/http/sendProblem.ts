import type { Response } from 'express';
import type { AccessEventType } from '../../app/accessEvents';
import type { Problem } from '../../domain/problems';
import { state } from './requestState';

const DENIAL_BY_STATUS: Record<number, AccessEventType> = {
  401: 'authentication_failed',
  403: 'permission_denied',
  429: 'rate_limit_exceeded',
};

/**
 * Writes an RFC 9457 body. Every 401/403/429 the edge itself produces passes here, which marks
 * the request as a denial for the access-event publisher (one place, so none is forgotten).
 */
export function sendProblem(res: Response, body: Problem, denialType?: AccessEventType): void {
  const type = denialType ?? DENIAL_BY_STATUS[body.status];
  if (type && res.locals.edge) state(res).denial = { type, reason: body.code };
  if (body.status === 401 && !res.hasHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer realm="qilbee"');
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}
