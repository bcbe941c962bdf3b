import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { uuidv7 } from '@qilbee/kernel';
import { problem } from '../../domain/problems';
import { staticHeaders } from './middleware/securityHeaders';

const REFUSALS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', detail: 'Request headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'The request was not received in time' },
};
const MALFORMED = { status: 400, code: 'malformed_request', detail: 'The request is not valid HTTP' };

/**
 * Requests Node's HTTP parser refuses (a broken request line or header, headers over the limit)
 * never reach the pipeline, and Node would answer them with a bare status line. They get what
 * every other answer has: problem+json, a fresh X-Request-ID and the security headers; the
 * connection is then closed, since the rest of the stream cannot be trusted.
 */
export function answerClientErrors(server: Server): void {
  const security = staticHeaders();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refusal = REFUSALS[error.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify(problem(refusal.status, refusal.code, refusal.detail));
    const head = [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-ID: ${uuidv7()}`,
      ...security.map(([name, value]) => `${name}: ${value}`),
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}
