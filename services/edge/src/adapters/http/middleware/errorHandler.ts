import { isDomainError } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import { domainErrorToProblem } from '../../../domain/errorMapping';
import { internalProblem, problem, type Problem } from '../../../domain/problems';
import type { ErrorStep } from '../pipeline';
import { stateIfAny } from '../requestState';
import { sendProblem } from '../sendProblem';

/** body-parser's error types, named once. */
function parserProblem(error: { type?: unknown; status?: unknown }, limit: number): Problem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return problem(400, 'malformed_json', 'Request body is not valid JSON');
    case 'entity.too.large':
      return problem(413, 'payload_too_large', `Request body exceeds ${limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(415, 'unsupported_media_type', 'Unsupported body encoding or charset');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return problem(400, 'bad_request', 'Request body could not be read');
    default:
      return undefined;
  }
}

/**
 * The last step: DomainErrors become problem+json through the one table; parser errors their
 * 4xx; anything else a 500 that says nothing (the details go to the log with the request id).
 */
export function errorHandler(logger: Logger, bodyLimitBytes: number): ErrorStep {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (isDomainError(error)) return sendProblem(res, domainErrorToProblem(error));
    const parsed = typeof error === 'object' && error !== null ? parserProblem(error as { type?: unknown }, bodyLimitBytes) : undefined;
    if (parsed) return sendProblem(res, parsed);
    logger.error({ err: error, request_id: stateIfAny(res)?.requestId }, 'unhandled error');
    sendProblem(res, internalProblem());
  };
}
