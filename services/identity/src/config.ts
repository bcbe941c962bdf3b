import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TOPICS } from '@qilbee/contracts';
import { infraFields, loadConfig, port, positiveInt, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { optionalStartFromSetting } from '@qilbee/kafka-kit';
import { DEFAULT_BLOCKLIST_FILE } from '@qilbee/password-policy';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Every setting of the identity service; nothing else reads process.env. */
export const configSchema = withTransportSecurity(z.object({
  ...infraFields,
  ...transportSecurityFields,
  IDENTITY_GRPC_HOST: z.string().default('127.0.0.1'),
  IDENTITY_GRPC_PORT: port(50052),
  IDENTITY_DB: z.string().default('qilbee_identity'),
  /** Distinguishes instances (outbox lease owner, cache-invalidation consumer group). */
  IDENTITY_INSTANCE_ID: z.string().default(() => randomBytes(6).toString('hex')),
  /** Keyed-hash pepper for API keys; generated once and kept in the database when absent. */
  API_KEY_PEPPER: z.string().min(32, 'API_KEY_PEPPER must be at least 32 characters').optional(),
  ADMIN_USERNAME: z.string().min(1).default('admin'),
  ADMIN_EMAIL: z.string().default('admin@qilbee.local'),
  /** When absent, a strong password is generated and written once to ADMIN_PASSWORD_FILE. */
  ADMIN_PASSWORD: z.string().min(1).optional(),
  ADMIN_PASSWORD_FILE: z.string().default(path.join(REPO_ROOT, '.run', 'admin-password')),
  PASSWORD_BLOCKLIST_FILE: z.string().default(DEFAULT_BLOCKLIST_FILE),
  /** Backstop only: events drop cache entries within a second. */
  API_KEY_CACHE_TTL_MS: positiveInt(30_000),
  LAST_USED_FLUSH_MS: positiveInt(5_000),
  EXPIRY_SWEEP_MS: positiveInt(10_000),
  PROJECTION_SWEEP_MS: positiveInt(5_000),
  OUTBOX_POLL_MS: positiveInt(100),
  /** The consumer group feeding last_login from security.auth.v1 (shared by all instances). */
  LOGINS_GROUP_ID: z.string().default('identity-logins'),
  /**
   * Where the logins group starts when it has never committed an offset: `earliest`, `latest` or
   * an ISO-8601 time. Unset: now minus LOGINS_LOOKBACK_SECONDS (see adapters/kafka/loginConsumer.ts).
   * An existing group always resumes from its commits.
   */
  LOGINS_CONSUME_FROM: optionalStartFromSetting(),
  LOGINS_LOOKBACK_SECONDS: positiveInt(24 * 3600),
  /** Where auth publishes `login` events (a test points it at a private topic). */
  AUTH_EVENTS_TOPIC: z.string().default(TOPICS.auth),
}), { servesGrpc: true });

export type Config = z.infer<typeof configSchema>;

/** QilbeeDB's own names are accepted too, so operators migrating keep their settings. */
function withQilbeeDbAliases(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    ADMIN_USERNAME: env.ADMIN_USERNAME ?? env.QILBEEDB_ADMIN_USERNAME,
    ADMIN_PASSWORD: env.ADMIN_PASSWORD ?? env.QILBEEDB_ADMIN_PASSWORD,
    ADMIN_EMAIL: env.ADMIN_EMAIL ?? env.QILBEEDB_ADMIN_EMAIL,
  };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, withQilbeeDbAliases(env));
}
