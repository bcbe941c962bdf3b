import { DEFAULT_BLOCKLIST_FILE } from '@qilbee/password-policy';
import { bool, csv, infraFields, loadConfig, port, positiveInt, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { isPermission } from '@qilbee/rbac';
import { IpSet } from './domain/trustedProxies';

const address = (fallbackPort: number) => z.string().default(`127.0.0.1:${fallbackPort}`);

const ipList = (fallback: string[] = []) =>
  csv(fallback).superRefine((entries, ctx) => {
    try {
      new IpSet(entries);
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    }
  });

/**
 * Every setting of the edge service (names from api-contract.md section 5, QilbeeDB's where they
 * exist); nothing else reads process.env.
 */
export const configSchema = withTransportSecurity(z.object({
  ...infraFields,
  ...transportSecurityFields,
  EDGE_HOST: z.string().default('127.0.0.1'),
  EDGE_PORT: port(8080),
  AUTH_GRPC_URL: address(50051),
  IDENTITY_GRPC_URL: address(50052),
  RATELIMIT_GRPC_URL: address(50053),
  AUDIT_GRPC_URL: address(50054),
  /** Deadline of the rate-limit checks (and any call not named below): nothing ever hangs on a dependency. */
  GRPC_DEADLINE_MS: positiveInt(2000),
  /**
   * Deadline of calls to identity and auth: logins and account or key changes hash passwords and
   * write to the store, which a loaded machine can stretch past 2 s. Longer than auth's own
   * deadline towards identity (IDENTITY_DEADLINE_MS, 3 s), so a login is not abandoned mid-way.
   */
  ACCOUNT_DEADLINE_MS: positiveInt(5000),
  /** Audit queries and chain verification read many records: a longer (still finite) deadline. */
  AUDIT_DEADLINE_MS: positiveInt(30_000),

  TRUSTED_PROXIES: ipList(),
  CORS_ALLOWED_ORIGINS: csv(),
  CORS_ALLOW_CREDENTIALS: bool(true),
  CORS_MAX_AGE: z.coerce.number().int().min(0).default(3600),
  HTTPS_ENFORCE: bool(false),
  HTTPS_PORT: port(443),
  HTTPS_ALLOW_LOCALHOST: bool(true),
  HTTPS_EXEMPT_PATHS: csv(['/health', '/ready', '/metrics']),
  /** Non-GET/HEAD requests over plain HTTP: `reject` (403 problem) or `redirect` (308 keeps method and body). */
  HTTPS_UNSAFE_METHODS: z.enum(['reject', 'redirect']).default('reject'),

  /** Who may scrape /metrics besides loopback and TRUSTED_PROXIES; `*` opens it to everyone. */
  METRICS_ALLOWED_IPS: csv(),
  BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
  /** The same common-password list as identity's (to name a weak password next to other bad fields). */
  PASSWORD_BLOCKLIST_FILE: z.string().default(DEFAULT_BLOCKLIST_FILE),

  JWT_ISSUER: z.string().default('qilbee-auth'),
  JWT_AUDIENCE: z.string().default('qilbee-api'),
  JWKS_MIN_REFRESH_INTERVAL_MS: positiveInt(5000),
  /** Leeway for exp/nbf/iat between the edge's clock and auth's (the same setting as auth's). */
  CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  API_KEY_CACHE_TTL_MS: positiveInt(30_000),
  API_KEY_STALE_IF_UNAVAILABLE_MS: positiveInt(300_000),
  REVOCATION_RESYNC_MS: positiveInt(60_000),
  /** 0: one access event per denial (the contract). Above 0: at most one per subject and type per window. */
  ACCESS_EVENT_WINDOW_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /** Access events not yet acknowledged by Kafka beyond which further denials are counted, not queued. */
  ACCESS_EVENT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  /**
   * Rate-limit leases: a busy subject takes up to this many tokens per call to the rate-limit
   * service and spends them locally (0 or 1: one call per request). Never more than limit / 50.
   */
  RATE_LEASE_MAX_BATCH: z.coerce.number().int().min(0).max(1000).default(64),
  /** Unspent leased tokens are dropped after this; policy changes reach a busy subject within it. */
  RATE_LEASE_TTL_MS: z.coerce.number().int().min(1).max(10_000).default(1000),

  UPSTREAM_URL: z.string().url().optional(),
  UPSTREAM_PERMISSION: z.string().default('GraphRead').refine(isPermission, 'not one of the 34 permissions'),
  UPSTREAM_TIMEOUT_MS: positiveInt(30_000),
  /** Forward the client's Authorization / X-API-Key to the upstream (off: the edge is the gate). */
  UPSTREAM_FORWARD_CREDENTIALS: bool(false),
}).superRefine((config, ctx) => {
  // Echoing any origin with credentials would be `*` with credentials in disguise.
  if (config.CORS_ALLOW_CREDENTIALS && config.CORS_ALLOWED_ORIGINS.includes('*')) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['CORS_ALLOWED_ORIGINS'], message: '`*` cannot be combined with CORS_ALLOW_CREDENTIALS=true' });
  }
}), { servesGrpc: false });

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
