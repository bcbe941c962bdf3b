import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import pino from 'pino';
import { errorHandler } from '../adapters/http/middleware/errorHandler';
import { requestId } from '../adapters/http/middleware/requestId';
import { state } from '../adapters/http/requestState';

export interface MiniApp {
  url: string;
  close(): Promise<void>;
}

/**
 * One middleware under test between the request-id step (which creates the request state) and a
 * final handler that echoes what the pipeline decided, for middleware unit tests.
 */
export async function miniApp(steps: RequestHandler[], final?: RequestHandler): Promise<MiniApp> {
  const app = express();
  app.use(requestId());
  for (const step of steps) app.use(step);
  app.use(
    final ??
      ((req, res) => {
        const s = state(res);
        res.json({ ok: true, clientIp: s.clientIp, secure: s.secure, body: req.body ?? null, principal: s.principal?.userId ?? null, authFailure: s.authFailure ?? null });
      }),
  );
  app.use(errorHandler(pino({ level: 'silent' }), 64));
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
