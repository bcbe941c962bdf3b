import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { Step } from '../pipeline';
import { problem } from '../../../domain/problems';
import { sendProblem } from '../sendProblem';
import { state } from '../requestState';

/** A request carries a body when it says so (a length above 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

/**
 * Body limits and JSON parsing for platform routes (proxied requests stream untouched).
 * A body that is not JSON is 415; too large 413 (checked on the declared length before reading
 * and while reading); malformed 400 (the error handler maps the parser's errors). No body at
 * all is fine: the SDK's logout sends none, and routes that need one say so in validation.
 */
export function bodyParsing(limitBytes: number): Step {
  const json = express.json({ limit: limitBytes, strict: true, type: () => true });
  return (req, res, next) => {
    const route = state(res).route;
    const parsed = req as IncomingMessage & { body?: unknown };
    parsed.body = undefined;
    if (route.kind !== 'route' || route.spec.body === 'none' || !hasBody(req)) return next();
    if (!isJsonType(req.headers['content-type'])) {
      return sendProblem(res, problem(415, 'unsupported_media_type', 'Request body must be application/json'));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limitBytes) return sendProblem(res, problem(413, 'payload_too_large', `Request body exceeds ${limitBytes} bytes`));
    json(req as never, res as never, next);
  };
}
