import type { Server } from 'node:http';
import { onTerminationSignal } from '@qilbee/lifecycle';
import { createLogger } from '@qilbee/logger';
import { createApp } from './adapters/http/app';
import { readConfig } from './config';

const VERSION = '0.1.0';

/** The composition root: config -> logger -> HTTP server -> shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'edge', level: config.LOG_LEVEL });
  const app = createApp({ version: VERSION, startedAtMs: Date.now() });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.EDGE_PORT, config.EDGE_HOST, () => resolve(listening));
  });
  logger.info({ url: `http://${config.EDGE_HOST}:${config.EDGE_PORT}` }, 'edge listening');
  onTerminationSignal(
    () => [{ name: 'http', run: () => new Promise<void>((resolve) => server.close(() => resolve())) }],
    logger,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
