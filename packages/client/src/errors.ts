/** Errors of the client, one class per HTTP status family (same names as the Python SDK). */
type Body = unknown;

export interface ErrorInit {
  status?: number;
  code?: string;
  detail?: string;
  requestId?: string;
  body?: Body;
  headers?: Record<string, string>;
}

function member(body: Body, name: string): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

function num(value: unknown): number | undefined {
  if (value === undefined || value === null || typeof value === 'boolean' || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export class QilbeeSecurityError extends Error {
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly body?: Body;
  readonly headers: Record<string, string>;

  constructor(message: string, init: ErrorInit = {}) {
    super(message);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.body = init.body;
    this.headers = init.headers ?? {};
  }
}

/** The platform could not be reached (refused connection, DNS, timeout). */
export class NetworkError extends QilbeeSecurityError {}

export class AuthenticationError extends QilbeeSecurityError {
  get failedAttempts(): number | undefined {
    return num(member(this.body, 'failed_attempts'));
  }
  get remainingAttempts(): number | undefined {
    return num(member(this.body, 'remaining_attempts'));
  }
}

export class PermissionDeniedError extends QilbeeSecurityError {}
export class NotFoundError extends QilbeeSecurityError {}
export class ConflictError extends QilbeeSecurityError {}

/** 400/413/415: `fields` names every failed field, `violations` the password rules. */
export class ValidationError extends QilbeeSecurityError {
  get errors(): Array<{ field: string; message: string }> {
    const value = member(this.body, 'errors');
    return Array.isArray(value) ? (value as Array<{ field: string; message: string }>) : [];
  }
  get fields(): string[] {
    return this.errors.map((e) => String(e.field));
  }
  get violations(): string[] {
    const value = member(this.body, 'violations');
    return Array.isArray(value) ? value.map(String) : [];
  }
}

export class RateLimitError extends QilbeeSecurityError {
  /** Seconds to wait: `Retry-After`, else the body's `reset_in_seconds`. */
  get retryAfter(): number | undefined {
    return num(this.headers['retry-after']) ?? num(member(this.body, 'reset_in_seconds'));
  }
  get limit(): number | undefined {
    return num(this.headers['x-ratelimit-limit']) ?? num(member(this.body, 'limit'));
  }
  get remaining(): number | undefined {
    return num(this.headers['x-ratelimit-remaining']) ?? num(member(this.body, 'remaining'));
  }
  get reset(): number | undefined {
    return num(this.headers['x-ratelimit-reset']) ?? num(member(this.body, 'reset_in_seconds'));
  }
}

/** 429 on login: the account is locked. */
export class AccountLockedError extends RateLimitError {
  get lockoutExpires(): string | null | undefined {
    return member(this.body, 'lockout_expires') as string | null | undefined;
  }
  get lockoutRemainingSeconds(): number | undefined {
    return num(member(this.body, 'lockout_remaining_seconds'));
  }
  get lockoutReason(): string | null | undefined {
    return member(this.body, 'lockout_reason') as string | null | undefined;
  }
}

export class ServerError extends QilbeeSecurityError {}
export class ServiceUnavailableError extends ServerError {}

const BY_STATUS: Record<number, typeof QilbeeSecurityError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: ValidationError,
  415: ValidationError,
  503: ServiceUnavailableError,
};

/** Maps one non-2xx response to the error the caller catches. */
export function errorFor(status: number, body: Body, headers: Record<string, string>): QilbeeSecurityError {
  const text = (name: string): string | undefined => {
    const value = member(body, name);
    return typeof value === 'string' ? value : undefined;
  };
  const detail = text('detail');
  const message = text('error') ?? detail ?? text('title') ?? (typeof body === 'string' && body ? body : `HTTP ${status}`);
  const init: ErrorInit = { status, code: text('code'), detail, requestId: headers['x-request-id'], body, headers };
  if (status === 429) return member(body, 'locked') === true ? new AccountLockedError(message, init) : new RateLimitError(message, init);
  const Cls = BY_STATUS[status] ?? (status >= 500 ? ServerError : QilbeeSecurityError);
  return new Cls(message, init);
}
