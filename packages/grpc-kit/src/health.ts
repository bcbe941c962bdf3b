import { status as grpcStatus, type ServerWritableStream } from '@grpc/grpc-js';
import { healthV1 } from '@qilbee/contracts';

type HealthCheckRequest = healthV1.HealthCheckRequest;
type HealthCheckResponse = healthV1.HealthCheckResponse;
type HealthServer = healthV1.HealthServer;
const ServingStatus = healthV1.HealthCheckResponse_ServingStatus;
type ServingStatus = healthV1.HealthCheckResponse_ServingStatus;

export { ServingStatus };

/** Serving status per service name ('' is the whole server), as the gRPC health protocol wants. */
export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<{ service: string; call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse> }>();

  set(service: string, status: ServingStatus): void {
    this.statuses.set(service, status);
    for (const watcher of this.watchers) {
      if (watcher.service === service) watcher.call.write({ status });
    }
  }

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Every service stops serving, so load balancers drain before the server closes. */
  shutdown(): void {
    for (const service of this.statuses.keys()) this.set(service, ServingStatus.NOT_SERVING);
    for (const watcher of this.watchers) watcher.call.end();
    this.watchers.clear();
  }

  server(): HealthServer {
    return {
      check: (call, callback) => {
        const status = this.get(call.request.service);
        if (status === undefined) {
          callback({ code: grpcStatus.NOT_FOUND, details: 'unknown service' }, null);
          return;
        }
        callback(null, { status });
      },
      watch: (call) => {
        const watcher = { service: call.request.service, call };
        this.watchers.add(watcher);
        call.write({ status: this.get(watcher.service) ?? ServingStatus.SERVICE_UNKNOWN });
        call.on('cancelled', () => this.watchers.delete(watcher));
      },
    };
  }
}
