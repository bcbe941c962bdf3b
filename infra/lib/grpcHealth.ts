// Asks a gRPC server for its overall health with the standard grpc.health.v1 protocol, over the
// transport the services use: the same GRPC_TLS_* variables (TLS, and a client certificate when
// the servers require one), read once.
import { grpcClientTlsSchema, loadConfig } from '@qilbee/config';
import { grpcServing, type GrpcTls } from '@qilbee/grpc-kit';

let tlsFromEnv: { tls: GrpcTls | undefined } | undefined;

/** Invalid TLS variables throw a ConfigError listing them: a probe must not silently fall back to plaintext. */
function probeTls(): GrpcTls | undefined {
  tlsFromEnv ??= { tls: loadConfig(grpcClientTlsSchema, process.env) };
  return tlsFromEnv.tls;
}

export async function grpcHealthy(address: string, timeoutMs = 1000): Promise<boolean> {
  return grpcServing(address, { tls: probeTls(), timeoutMs });
}

// As a command (container health checks): `node --import tsx infra/lib/grpcHealth.ts 127.0.0.1:50052`.
if (require.main === module) {
  grpcHealthy(process.argv[2] ?? '127.0.0.1:50051').then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
