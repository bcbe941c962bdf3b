import type { ServerResponse } from 'node:http';
import type { AccessEventType } from '../../app/accessEvents';
import type { Problem } from '../../domain/problems';
import { stateIfAny } from './requestState';

const DENIAL_BY_STATUS: Record<number, AccessEventType> = {
  401: 'authentication_failed',
  403: 'permission_denied',
  429: 'rate_limit_exceeded',
};

/** Writes a complete body with its type and length (a HEAD request gets the headers only). */
export function sendBody(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * Writes an RFC 9457 body. Every 401/403/429 the edge itself produces passes here, which marks
 * the request as a denial for the access-event publisher (one place, so none is forgotten).
 */
export function sendProblem(res: ServerResponse, body: Problem, denialType?: AccessEventType): void {
  const type = denialType ?? DENIAL_BY_STATUS[body.status];
  const s = stateIfAny(res);
  if (type && s) s.denial = { type, reason: body.code };
  if (body.status === 401 && !res.hasHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer realm="qilbee"');
  sendBody(res, body.status, 'application/problem+json; charset=utf-8', JSON.stringify(body));
}

/** A redirect to `location`, percent-encoding anything a header may not carry. */
export function redirect(res: ServerResponse, status: 301 | 302 | 307 | 308, location: string): void {
  const safe = location.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
  res.setHeader('Location', safe);
  sendBody(res, status, 'text/plain; charset=utf-8', `Redirecting to ${safe}`);
}
