import { onTerminationSignal } from '@qilbee/lifecycle';
import { createLogger } from '@qilbee/logger';
import { startGrpcServer } from '@qilbee/grpc-kit';
import { readConfig } from './config';

/** The composition root: config -> logger -> servers -> shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'identity', level: config.LOG_LEVEL });
  const grpc = await startGrpcServer({ host: config.IDENTITY_GRPC_HOST, port: config.IDENTITY_GRPC_PORT, services: [], logger });
  onTerminationSignal(() => [{ name: 'grpc', run: () => grpc.shutdown() }], logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
