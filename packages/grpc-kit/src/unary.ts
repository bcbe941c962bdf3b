import type { handleUnaryCall, Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from '@qilbee/logger';
import { isDomainError } from '@qilbee/kernel';
import { toGrpcError } from './grpcErrors';

export interface CallInfo {
  metadata: Metadata;
  peer: string;
}

export type AsyncUnaryHandler<Req, Res> = (request: Req, call: CallInfo) => Promise<Res>;

/**
 * Adapts an async handler to grpc-js: one wide log event per call (operation, outcome, duration),
 * and errors mapped once by grpcErrors. Requests are never logged: they may carry secrets.
 */
export function unary<Req, Res>(
  operation: string,
  logger: Logger,
  handler: AsyncUnaryHandler<Req, Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback) => {
    const started = performance.now();
    const requestId = call.metadata.get('x-request-id')[0];
    handler(call.request, { metadata: call.metadata, peer: call.getPeer() }).then(
      (response) => {
        logger.debug({ operation, requestId, outcome: 'ok', durationMs: performance.now() - started });
        callback(null, response);
      },
      (error: unknown) => {
        const shaped = toGrpcError(error);
        const fields = { operation, requestId, durationMs: performance.now() - started };
        if (isDomainError(error)) {
          logger.info({ ...fields, outcome: error.code, reason: error.reason }, 'rejected');
        } else {
          logger.error({ ...fields, outcome: 'internal', err: error }, 'failed');
        }
        callback(shaped, null);
      },
    );
  };
}

/** ts-proto server interfaces extend an index signature; only their named methods matter here. */
type NamedMembers<S> = { [K in keyof S as string extends K ? never : number extends K ? never : K]: S[K] };

type UnaryMethods<S> = {
  [K in keyof NamedMembers<S>]: NamedMembers<S>[K] extends handleUnaryCall<infer Req, infer Res> ? AsyncUnaryHandler<Req, Res> : never;
};

/** Wraps every method of a service implementation with `unary`, keeping the generated types. */
export function implement<S>(serviceName: string, logger: Logger, handlers: UnaryMethods<S>): S {
  const wrapped: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    wrapped[method] = unary(`${serviceName}.${method}`, logger, handler as AsyncUnaryHandler<unknown, unknown>);
  }
  return wrapped as S;
}
