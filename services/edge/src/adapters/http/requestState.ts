import type { Request, Response } from 'express';
import type { commonV1 } from '@qilbee/contracts';
import type { AccessEventType } from '../../app/accessEvents';
import type { AuthenticationFailure, Principal } from '../../app/principal';
import type { RateDecision } from '../../app/rateLimiter';
import type { RouteMatch } from '../../domain/routeMatch';

/** What the pipeline learned about one request; each middleware adds its part. */
export interface RequestState {
  requestId: string;
  startedMs: number;
  clientIp: string;
  peerTrusted: boolean;
  secure: boolean;
  route: RouteMatch;
  principal?: Principal;
  /** Credentials were missing or invalid on a protected route: answered 401 after the IP rate check. */
  authFailure?: { reason: AuthenticationFailure | 'missing_credentials'; detail: string };
  rate?: RateDecision;
  /** Set when the edge itself denied the request: becomes an event on security.access.v1. */
  denial?: { type: AccessEventType; reason: string };
}

export function state(res: Response): RequestState {
  return res.locals.edge as RequestState;
}

export function initState(res: Response, requestId: string): RequestState {
  const initial: RequestState = {
    requestId,
    startedMs: performance.now(),
    clientIp: '',
    peerTrusted: false,
    secure: false,
    route: { kind: 'not_found' },
  };
  res.locals.edge = initial;
  return initial;
}

/** Who asked, from where: carried on every command so that events name their actor. */
export function requestContext(req: Request, res: Response): commonV1.RequestContext {
  const s = state(res);
  return {
    requestId: s.requestId,
    actorUserId: s.principal?.userId ?? '',
    actorUsername: s.principal?.username ?? '',
    ipAddress: s.clientIp,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 512),
    actorApiKeyId: s.principal?.apiKeyId ?? '',
  };
}
