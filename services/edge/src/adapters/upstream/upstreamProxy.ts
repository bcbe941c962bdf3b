import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@qilbee/logger';
import { problem } from '../../domain/problems';
import { state } from '../http/requestState';
import { sendProblem } from '../http/sendProblem';
import { clientResponseHeaders, upstreamRequestHeaders } from './upstreamHeaders';

export interface UpstreamOptions {
  url: string;
  timeoutMs: number;
  forwardCredentials: boolean;
  logger: Logger;
}

/**
 * Streams a request to the guarded upstream (UPSTREAM_URL) and its answer back, with Node's
 * http and a keep-alive agent; bodies are never buffered. Unreachable upstream: 502; no answer
 * within the timeout: 504.
 */
export function upstreamProxy(options: UpstreamOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const base = new URL(options.url);
  const client = base.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 512 });
  const basePath = base.pathname.replace(/\/$/, '');
  return (req, res) => {
    const s = state(res);
    const principal = s.principal;
    const headers = upstreamRequestHeaders(req.headers, {
      identity: { userId: principal?.userId ?? '', username: principal?.username ?? '', roles: principal?.roles ?? [], apiKeyId: principal?.apiKeyId },
      clientIp: s.clientIp,
      secure: s.secure,
      requestId: s.requestId,
      forwardCredentials: options.forwardCredentials,
    });
    headers.host = base.host;
    const outgoing = client.request(
      { protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: `${basePath}${s.url}`, headers, agent, timeout: options.timeoutMs },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, clientResponseHeaders(upstream.headers));
        upstream.pipe(res);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('upstream timeout')));
    // A client that goes away must not keep an upstream request (and its socket) alive.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    outgoing.on('error', (error) => {
      const timedOut = error.message === 'upstream timeout';
      options.logger.warn({ request_id: s.requestId, err: error.message }, 'upstream request failed');
      if (res.headersSent) return void res.destroy();
      sendProblem(res, timedOut ? problem(504, 'upstream_timeout', 'The upstream did not answer in time') : problem(502, 'upstream_unavailable', 'The upstream is unreachable'));
    });
    req.pipe(outgoing);
  };
}
