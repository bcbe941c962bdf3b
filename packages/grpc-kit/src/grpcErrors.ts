import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { DomainError, type DomainErrorCode } from '@qilbee/kernel';

/** The one table from domain error codes to gRPC status codes. */
const TO_STATUS: Record<DomainErrorCode, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  conflict: status.ABORTED,
  permission_denied: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  failed_precondition: status.FAILED_PRECONDITION,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
};

const FROM_STATUS = new Map<status, DomainErrorCode>(
  Object.entries(TO_STATUS).map(([code, grpcStatus]) => [grpcStatus, code as DomainErrorCode]),
);

/** Trailer that carries the machine-readable part of a domain error across the wire. */
export const ERROR_TRAILER = 'qilbee-error-bin';

export interface GrpcErrorShape {
  code: status;
  details: string;
  metadata: Metadata;
}

/** Server side: a DomainError keeps its meaning; anything else is INTERNAL with no details. */
export function toGrpcError(error: unknown): GrpcErrorShape {
  const metadata = new Metadata();
  if (error instanceof DomainError) {
    const payload = { reason: error.reason, violations: error.violations, details: error.details };
    metadata.set(ERROR_TRAILER, Buffer.from(JSON.stringify(payload)));
    return { code: TO_STATUS[error.code], details: error.message, metadata };
  }
  return { code: status.INTERNAL, details: 'internal error', metadata };
}

function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && 'code' in error && 'metadata' in error;
}

/**
 * Client side: turns a gRPC failure back into a DomainError so callers handle one error type.
 * Transport failures (deadline, connection) become `unavailable`; INTERNAL stays an Error.
 */
export function fromGrpcError(error: unknown): Error {
  if (!isServiceError(error)) return error instanceof Error ? error : new Error(String(error));
  if (error.code === status.DEADLINE_EXCEEDED || error.code === status.UNAVAILABLE) {
    return new DomainError('unavailable', 'dependency unavailable', 'dependency_unavailable');
  }
  const code = FROM_STATUS.get(error.code);
  if (code === undefined) return new Error(`gRPC ${status[error.code]}: ${error.details}`);
  const raw = error.metadata?.get(ERROR_TRAILER)[0];
  let payload: { reason?: string; violations?: DomainError['violations']; details?: Record<string, unknown> } = {};
  if (raw !== undefined) {
    try {
      payload = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
    } catch {
      payload = {};
    }
  }
  return new DomainError(code, error.details, payload.reason ?? code, payload.violations ?? [], payload.details ?? {});
}
