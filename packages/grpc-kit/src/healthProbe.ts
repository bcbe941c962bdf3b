import { Metadata } from '@grpc/grpc-js';
import { healthV1 } from '@qilbee/contracts';
import { channelCredentials, tlsChannelOptions, type GrpcTls } from './tls';

export interface HealthProbeOptions {
  /** The same settings the server's other clients use; absent: plaintext. */
  tls?: GrpcTls;
  timeoutMs?: number;
}

/**
 * Asks a gRPC server for its overall health (grpc.health.v1, service ''). Any failure, a refused
 * TLS handshake included, is an unhealthy answer rather than an exception.
 */
export function grpcServing(address: string, options: HealthProbeOptions = {}): Promise<boolean> {
  const client = new healthV1.HealthClient(address, channelCredentials(options.tls), tlsChannelOptions(options.tls));
  const deadline = new Date(Date.now() + (options.timeoutMs ?? 1000));
  return new Promise((resolve) => {
    client.check({ service: '' }, new Metadata(), { deadline }, (error, response) => {
      client.close();
      resolve(!error && response?.status === healthV1.HealthCheckResponse_ServingStatus.SERVING);
    });
  });
}
