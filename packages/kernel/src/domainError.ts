/**
 * Transport-neutral error codes. Each maps to exactly one gRPC status (grpc-kit) and one HTTP status
 * (edge); nothing else decides how an error looks on the wire.
 */
export type DomainErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'permission_denied'
  | 'unauthenticated'
  | 'failed_precondition'
  | 'resource_exhausted'
  | 'unavailable';

export interface FieldViolation {
  field: string;
  message: string;
}

/** A broken rule. `reason` is a stable machine code (e.g. `weak_password`) for clients. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly reason: string = code,
    readonly violations: FieldViolation[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
