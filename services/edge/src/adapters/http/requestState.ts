import type { IncomingMessage, ServerResponse } from 'node:http';
import type { commonV1 } from '@qilbee/contracts';
import type { AccessEventType } from '../../app/accessEvents';
import type { AuthenticationFailure, Principal } from '../../app/principal';
import type { RateDecision } from '../../app/rateLimiter';
import type { RouteMatch } from '../../domain/routeMatch';

/** What the pipeline learned about one request; each middleware adds its part. */
export interface RequestState {
  requestId: string;
  /** The request target as the client sent it (path and query), before anything rewrote it. */
  url: string;
  /** Its path (not decoded): what routing, rate-limit endpoints and audit events name. */
  path: string;
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

const STATE = Symbol('qilbee.edge.requestState');

type Stateful = ServerResponse & { [STATE]?: RequestState };

export function state(res: ServerResponse): RequestState {
  return (res as Stateful)[STATE] as RequestState;
}

/** The state of a request that went through the request-id step, if it did. */
export function stateIfAny(res: ServerResponse): RequestState | undefined {
  return (res as Stateful)[STATE];
}

/**
 * A request target in origin-form (`/a/b?q`), also when it was sent in absolute-form
 * (`http://h/a/b?q`), without a fragment: Node passes `#...` through, and a fragment must never
 * make a platform path look like another one (`/metrics#` is `/metrics`).
 */
export function originForm(target: string): string {
  const hash = target.indexOf('#');
  if (hash !== -1) return originForm(target.slice(0, hash));
  if (target.startsWith('/')) return target;
  try {
    const parsed = new URL(target);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/';
  }
}

/** The path of an origin-form target (no query). */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function initState(req: IncomingMessage, res: ServerResponse, requestId: string): RequestState {
  const url = originForm(req.url ?? '/');
  const initial: RequestState = {
    requestId,
    url,
    path: pathOf(url),
    startedMs: performance.now(),
    clientIp: '',
    peerTrusted: false,
    secure: false,
    route: { kind: 'not_found' },
  };
  (res as Stateful)[STATE] = initial;
  return initial;
}

/** Who asked, from where: carried on every command so that events name their actor. */
export function requestContext(req: IncomingMessage, res: ServerResponse): commonV1.RequestContext {
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
