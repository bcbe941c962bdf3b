import type { DomainErrorCode } from '@qilbee/kernel';

/** The one table from domain error codes to HTTP statuses (the other one is grpc-kit's). */
export const HTTP_STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  invalid_argument: 400,
  failed_precondition: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  resource_exhausted: 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/**
 * An RFC 9457 problem that also carries QilbeeDB's `error` member (a human string) and a stable
 * machine `code`. Extension members (violations, errors, lockout fields...) ride along.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  error: string;
  [extension: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'urn:qilbee:problem:';

export function problem(status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: titleFor(status),
    status,
    detail,
    code,
    error: detail,
    ...extensions,
  };
}

/** What a client sees for anything unexpected: no message, no stack, just the request id. */
export function internalProblem(): Problem {
  return problem(500, 'internal', 'An internal error occurred');
}
