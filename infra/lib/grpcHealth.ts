// Asks a gRPC server for its overall health with the standard grpc.health.v1 protocol.
import { credentials, Metadata } from '@grpc/grpc-js';
import { healthV1 } from '@qilbee/contracts';

export function grpcHealthy(address: string, timeoutMs = 1000): Promise<boolean> {
  const client = new healthV1.HealthClient(address, credentials.createInsecure());
  return new Promise((resolve) => {
    client.check({ service: '' }, new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      client.close();
      resolve(!error && response.status === healthV1.HealthCheckResponse_ServingStatus.SERVING);
    });
  });
}

// As a command (container health checks): `node --import tsx infra/lib/grpcHealth.ts 127.0.0.1:50052`.
if (require.main === module) {
  void grpcHealthy(process.argv[2] ?? '127.0.0.1:50051').then((ok) => process.exit(ok ? 0 : 1));
}
