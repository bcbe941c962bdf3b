import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { errorHandler } from '../adapters/http/middleware/errorHandler';
import { requestId } from '../adapters/http/middleware/requestId';
import { pipeline, type Step } from '../adapters/http/pipeline';
import { state } from '../adapters/http/requestState';
import { sendBody } from '../adapters/http/sendProblem';

export interface MiniApp {
  url: string;
  close(): Promise<void>;
}

/** The default last step: echoes what the pipeline decided. */
const echo: Step = (req, res) => {
  const s = state(res);
  const body = (req as { body?: unknown }).body ?? null;
  const decided = { ok: true, clientIp: s.clientIp, secure: s.secure, body, principal: s.principal?.userId ?? null, authFailure: s.authFailure ?? null };
  sendBody(res, 200, 'application/json; charset=utf-8', JSON.stringify(decided));
};

/**
 * Middleware under test between the request-id step (which creates the request state) and a
 * last step (by default one that echoes what the pipeline decided), run as the edge runs them:
 * on Node's own request and response, failures going to the error handler.
 */
export async function miniApp(steps: Step[], final: Step = echo): Promise<MiniApp> {
  const onError = errorHandler(pino({ level: 'silent' }), 64);
  const run = pipeline([requestId(), ...steps, final]);
  const server = await new Promise<Server>((resolve) => {
    const s = createServer((req, res) => run(req, res, (error) => onError(error ?? new Error('no answer'), req, res, () => undefined))).listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
