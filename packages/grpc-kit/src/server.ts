import { Server, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { healthV1 } from '@qilbee/contracts';
import type { Logger } from '@qilbee/logger';
import { onlyFromClients } from './callerNames';
import { HealthState, ServingStatus } from './health';
import { describeTls, serverCredentials, type GrpcTls } from './tls';

export interface ServiceRegistration {
  /** Fully qualified name used by health checks, e.g. `qilbee.identity.v1.IdentityService`. */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  host?: string;
  port: number;
  services: ServiceRegistration[];
  logger: Logger;
  /** Absent: plaintext (local development). With it, TLS, and mutual TLS when it requires client certificates. */
  tls?: GrpcTls;
}

export interface RunningGrpcServer {
  port: number;
  health: HealthState;
  /** Drains: health goes NOT_SERVING, in-flight calls finish, then the server is forced down at the deadline. */
  shutdown(deadlineMs?: number): Promise<void>;
}

/** Starts a gRPC server with the standard health service (behind the same TLS); every registered service is SERVING. */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': 4 * 1024 * 1024 });
  const health = new HealthState();
  server.addService(healthV1.HealthService, health.server() as unknown as UntypedServiceImplementation);
  const allowed = options.tls?.allowedClients;
  for (const service of options.services) {
    // The health service stays open to every certificate the CA signed: probes need nothing else.
    server.addService(service.definition, allowed ? onlyFromClients(service.definition, service.implementation, allowed) : service.implementation);
  }

  const address = `${options.host ?? '127.0.0.1'}:${options.port}`;
  const credentials = serverCredentials(options.tls);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  health.set('', ServingStatus.SERVING);
  for (const service of options.services) health.set(service.name, ServingStatus.SERVING);
  options.logger.info({ port, transport: describeTls(options.tls), allowedClients: allowed ?? 'any' }, 'gRPC server listening');

  return {
    port,
    health,
    shutdown: (deadlineMs = 5000) =>
      new Promise<void>((resolve) => {
        health.shutdown();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, deadlineMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
