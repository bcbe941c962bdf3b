import { hostname } from 'node:os';
import { bool, infraFields, loadConfig, port, positiveInt, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';

/** Every setting of the ratelimit service; nothing else reads process.env. */
export const configSchema = withTransportSecurity(z.object({
  ...infraFields,
  ...transportSecurityFields,
  RATELIMIT_GRPC_HOST: z.string().default('127.0.0.1'),
  RATELIMIT_GRPC_PORT: port(50053),
  RATELIMIT_DB: z.string().default('qilbee_ratelimit'),
  /** `memory`: buckets in this process (one instance). `redis`: shared by every instance. */
  RATELIMIT_BACKEND: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Upper bound of one Redis round trip; beyond it the check is decided locally. */
  REDIS_COMMAND_TIMEOUT_MS: positiveInt(50),
  REDIS_CONNECT_TIMEOUT_MS: positiveInt(1000),
  /** After a Redis failure, decide locally this long before trying Redis again. */
  REDIS_RETRY_AFTER_MS: positiveInt(1000),
  REDIS_KEY_PREFIX: z.string().default('qilbee:rl:'),
  /** Every instance reloads policies this often (hot apply across instances). */
  RATELIMIT_POLICY_REFRESH_MS: positiveInt(500),
  /** How often full (idle) local buckets are freed. */
  RATELIMIT_SWEEP_MS: positiveInt(10_000),
  RATELIMIT_MAX_LOCAL_BUCKETS: positiveInt(1_000_000),
  /** How often ended rate_limit_exceeded windows are published. */
  RATELIMIT_EXCEEDED_FLUSH_MS: positiveInt(1000),
  RATELIMIT_SEED_DEFAULTS: bool(true),
  /** Names this instance as outbox-relay lease owner. */
  RATELIMIT_INSTANCE_ID: z.string().default(`${hostname()}-${process.pid}`),
}), { servesGrpc: true });

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
