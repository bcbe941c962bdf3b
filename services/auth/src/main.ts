import { onTerminationSignal } from '@qilbee/lifecycle';
import { createLogger } from '@qilbee/logger';
import { GrpcIdentity } from './adapters/grpc/grpcIdentity';
import { readConfig } from './config';
import { startAuthRuntime } from './runtime';

/** The composition root: config -> logger -> identity client -> runtime (store, Kafka, app, gRPC) -> shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ service: 'auth', level: config.LOG_LEVEL });
  const identity = new GrpcIdentity(config.IDENTITY_GRPC_URL, config.IDENTITY_DEADLINE_MS, config.grpcTls);
  const runtime = await startAuthRuntime(config, identity, logger);
  logger.info({ instanceId: runtime.instanceId, port: runtime.grpcPort }, 'auth started');
  onTerminationSignal(() => [...runtime.shutdownSteps(), { name: 'identity-client', run: async () => identity.close() }], logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
