import { infraFields, loadConfig, port, positiveInt, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { TOPICS } from '@qilbee/contracts';
import { optionalStartFromSetting } from '@qilbee/kafka-kit';

/** Every setting of the auth service; nothing else reads process.env. */
export const configSchema = withTransportSecurity(z.object({
  ...infraFields,
  ...transportSecurityFields,
  AUTH_GRPC_HOST: z.string().default('127.0.0.1'),
  AUTH_GRPC_PORT: port(50051),
  AUTH_DB: z.string().default('qilbee_auth'),
  /** Names this instance's own revocation consumer group; random per start when unset. */
  AUTH_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  IDENTITY_GRPC_URL: z.string().default('127.0.0.1:50052'),
  IDENTITY_DEADLINE_MS: positiveInt(3000),
  JWT_ISSUER: z.string().min(1).default('qilbee-auth'),
  JWT_AUDIENCE: z.string().min(1).default('qilbee-api'),
  JWT_SIGNING_ALG: z.enum(['EdDSA', 'ES256']).default('EdDSA'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt(7 * 24 * 3600),
  CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  SIGNING_KEY_ROTATION_HOURS: z.coerce.number().positive().default(24),
  /** 32 bytes, hex or base64: private signing keys are sealed with AES-256-GCM when set. */
  SIGNING_KEY_ENCRYPTION_KEY: z.string().optional(),
  LOCKOUT_MAX_ATTEMPTS: positiveInt(5),
  LOCKOUT_WINDOW_MINUTES: positiveInt(30),
  LOCKOUT_DURATION_MINUTES: positiveInt(15),
  LOCKOUT_MAX_DURATION_HOURS: positiveInt(24),
  LOCKOUT_IP_THRESHOLD: positiveInt(20),
  /** Safety-net re-read of the revocation store (also prunes expired revocations). */
  REVOCATION_RESYNC_SECONDS: positiveInt(60),
  AUTH_EVENTS_TOPIC: z.string().default(TOPICS.auth),
  IDENTITY_EVENTS_TOPIC: z.string().default(TOPICS.identity),
  AUTH_IDENTITY_EVENTS_GROUP: z.string().default('auth-identity-events'),
  /**
   * Where the identity-events group starts when it has never committed an offset: `earliest`,
   * `latest` or an ISO-8601 time. Unset: now minus AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS (see
   * adapters/kafka/identityEventsConsumer.ts for why). An existing group always resumes.
   */
  AUTH_IDENTITY_EVENTS_CONSUME_FROM: optionalStartFromSetting(),
  /** Unset: the refresh-token TTL plus the clock skew (the longest a missed trigger can matter). */
  AUTH_IDENTITY_EVENTS_LOOKBACK_SECONDS: z.coerce.number().int().positive().optional(),
}), { servesGrpc: true });

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
