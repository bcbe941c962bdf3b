import { ratelimitV1 } from '@qilbee/contracts';
import { RateLimitServiceClient as EnvoyClient, type RateLimitRequest, type RateLimitResponse } from '@qilbee/contracts/src/gen/envoy/service/ratelimit/v3/rls';
import { createResilientClient, type ResilientClient } from '@qilbee/grpc-kit';
import { createLogger } from '@qilbee/logger';
import { testEnv } from '@qilbee/testkit';
import { readConfig } from '../config';
import { startRateLimit, type RunningRateLimit } from '../main';

export interface InstanceOptions {
  db: string;
  backend: 'memory' | 'redis';
  redisPrefix?: string;
  redisUrl?: string;
  extraEnv?: Record<string, string>;
}

/** A real service instance in this process (gRPC on a free port) plus clients of both protocols. */
export async function startInstance(options: InstanceOptions) {
  const env = testEnv();
  const config = readConfig({
    MONGO_URL: env.mongoUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    LOG_LEVEL: 'silent',
    RATELIMIT_GRPC_PORT: '0',
    RATELIMIT_DB: options.db,
    RATELIMIT_BACKEND: options.backend,
    REDIS_URL: options.redisUrl ?? env.redisUrl,
    REDIS_KEY_PREFIX: options.redisPrefix ?? 'qilbee:rl:test:',
    RATELIMIT_POLICY_REFRESH_MS: '200',
    RATELIMIT_EXCEEDED_FLUSH_MS: '200',
    ...options.extraEnv,
  });
  const running: RunningRateLimit = await startRateLimit(config, createLogger({ service: 'ratelimit-test', level: 'silent' }));
  const address = `127.0.0.1:${running.grpc.port}`;
  const apiClient = createResilientClient(ratelimitV1.RateLimitServiceClient, address, { name: 'ratelimit', deadlineMs: 5000 });
  const envoyClient = createResilientClient(EnvoyClient, address, { name: 'envoy-rls', deadlineMs: 5000 });
  return {
    running,
    api: typedApi(apiClient),
    envoy: { shouldRateLimit: (r: RateLimitRequest) => envoyClient.call('shouldRateLimit', r) as Promise<RateLimitResponse> },
    stop: async () => {
      apiClient.close();
      envoyClient.close();
      await running.stop();
    },
  };
}

/**
 * grpc-kit's ResilientClient.call infers `unknown` responses for ts-proto clients (their methods
 * are overloaded), so the tests name the response types here once.
 */
function typedApi(client: ResilientClient<ratelimitV1.RateLimitServiceClient>) {
  const call = <Res>(method: string, request: unknown) => (client.call as (m: string, r: unknown) => Promise<unknown>)(method, request) as Promise<Res>;
  return {
    check: (r: ratelimitV1.CheckRequest) => call<ratelimitV1.CheckResponse>('check', r),
    createPolicy: (r: ratelimitV1.CreatePolicyRequest) => call<ratelimitV1.CreatePolicyResponse>('createPolicy', r),
    getPolicy: (r: ratelimitV1.GetPolicyRequest) => call<ratelimitV1.GetPolicyResponse>('getPolicy', r),
    listPolicies: () => call<ratelimitV1.ListPoliciesResponse>('listPolicies', {}),
    updatePolicy: (r: ratelimitV1.UpdatePolicyRequest) => call<ratelimitV1.UpdatePolicyResponse>('updatePolicy', r),
    deletePolicy: (r: ratelimitV1.DeletePolicyRequest) => call<ratelimitV1.DeletePolicyResponse>('deletePolicy', r),
    noop: () => call<ratelimitV1.NoopResponse>('noop', {}),
    getStatus: () => call<ratelimitV1.GetStatusResponse>('getStatus', {}),
  };
}

export type Instance = Awaited<ReturnType<typeof startInstance>>;
