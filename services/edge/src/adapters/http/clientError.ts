import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
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
 * every other answer has: problem+json, a fresh X-Request-ID and the security headers. Then the
 * connection is closed for good, since the rest of the stream cannot be trusted.
 *
 * When an earlier request on the connection is still being answered, nothing is written (it
 * would land inside, or in place of, that answer): the connection is only dropped, as Node does.
 */
export function answerClientErrors(server: Server): void {
  const security = staticHeaders();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const answering = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
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
    // end() only half-closes: without the destroy a client that never closes would keep the socket.
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}
