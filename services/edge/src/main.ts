import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { TOPICS } from '@qilbee/contracts';
import { KafkaConsumer, KafkaPublisher, createKafka, deleteConsumerGroup, ensureTopics } from '@qilbee/kafka-kit';
import { systemClock, uuidv7 } from '@qilbee/kernel';
import { onTerminationSignal } from '@qilbee/lifecycle';
import pino from 'pino';
import { createLogger, type Logger } from '@qilbee/logger';
import { RevocationView } from '@qilbee/tokens';
import { AccessEvents } from './app/accessEvents';
import { ApiKeyVerifier } from './app/apiKeyVerifier';
import { Authenticator } from './app/authenticate';
import { LocalTokenBuckets } from './app/localTokenBuckets';
import { Metrics } from './app/metrics';
import { RateLeases, DEFAULT_LEASE_SETTINGS } from './app/rateLeases';
import { RateLimiter } from './app/rateLimiter';
import { syncRevocations } from './app/revocationSync';
import { RoleCatalog } from './app/roleCatalog';
import { TokenVerifier } from './app/tokenVerifier';
import { auditAdapter, authAdapter, connectDependencies, healthProbes, identityAdapter, rateLimitAdapter } from './adapters/grpc/clients';
import { loadBlocklist } from '@qilbee/password-policy';
import { answerClientErrors } from './adapters/http/clientError';
import { createApp } from './adapters/http/app';
import { KafkaAccessEvents } from './adapters/kafka/accessEventPublisher';
import { applySecurityEvents } from './adapters/kafka/securityEventFeed';
import { readConfig, type Config } from './config';

const VERSION = '0.1.0';

/** Retries a start-up step in the background until it succeeds: the edge serves meanwhile. */
function keepTrying(name: string, step: () => Promise<unknown>, logger: Logger, delayMs = 2000): void {
  const attempt = (): void => {
    step().then(
      () => logger.info({ step: name }, 'started'),
      (error: unknown) => {
        logger.warn({ step: name, err: error instanceof Error ? error.message : String(error) }, 'start-up step failed; retrying');
        setTimeout(attempt, delayMs).unref();
      },
    );
  };
  attempt();
}

function settingsOf(config: Config, startedAtMs: number) {
  return {
    version: VERSION,
    startedAtMs,
    trustedProxies: config.TRUSTED_PROXIES,
    cors: { allowedOrigins: config.CORS_ALLOWED_ORIGINS, allowCredentials: config.CORS_ALLOW_CREDENTIALS, maxAgeSeconds: config.CORS_MAX_AGE },
    https: {
      enforce: config.HTTPS_ENFORCE,
      httpsPort: config.HTTPS_PORT,
      allowLocalhost: config.HTTPS_ALLOW_LOCALHOST,
      exemptPaths: config.HTTPS_EXEMPT_PATHS,
      unsafeMethods: config.HTTPS_UNSAFE_METHODS,
    },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    metricsAllowedIps: config.METRICS_ALLOWED_IPS,
    upstream: config.UPSTREAM_URL
      ? { url: config.UPSTREAM_URL, permission: config.UPSTREAM_PERMISSION, timeoutMs: config.UPSTREAM_TIMEOUT_MS, forwardCredentials: config.UPSTREAM_FORWARD_CREDENTIALS }
      : undefined,
  };
}

/** The composition root: config -> logger -> clients -> ports -> app -> servers -> shutdown. */
async function main(): Promise<void> {
  const config = readConfig();
  // One log event per request: buffered, asynchronous stdout writes keep that off the hot path.
  const logger = createLogger({ service: 'edge', level: config.LOG_LEVEL, destination: pino.destination({ dest: 1, sync: false, minLength: 4096 }) });
  const clock = systemClock;
  const startedAtMs = clock.nowMs();
  const metrics = new Metrics();

  const clients = connectDependencies(
    { auth: config.AUTH_GRPC_URL, identity: config.IDENTITY_GRPC_URL, ratelimit: config.RATELIMIT_GRPC_URL, audit: config.AUDIT_GRPC_URL },
    { defaultMs: config.GRPC_DEADLINE_MS, accountMs: config.ACCOUNT_DEADLINE_MS, auditMs: config.AUDIT_DEADLINE_MS },
    config.grpcTls,
  );
  const identity = identityAdapter(clients.identity);
  const auth = authAdapter(clients.auth);
  const ratelimit = rateLimitAdapter(clients.ratelimit);
  const audit = auditAdapter(clients.audit);

  const revocations = new RevocationView();
  const tokens = new TokenVerifier(auth, revocations, clock, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    minRefreshIntervalMs: config.JWKS_MIN_REFRESH_INTERVAL_MS,
    clockSkewSeconds: config.CLOCK_SKEW_SECONDS,
  });
  const apiKeys = new ApiKeyVerifier(identity, clock, { ttlMs: config.API_KEY_CACHE_TTL_MS, staleIfUnavailableMs: config.API_KEY_STALE_IF_UNAVAILABLE_MS, maxEntries: 50_000 });
  const roles = new RoleCatalog(identity, clock, 60_000);
  const limiter = new RateLimiter(ratelimit, new LocalTokenBuckets(clock), {
    onFallback: (active) => {
      metrics.set('edge_ratelimit_fallback_active', 'Local token buckets in use because the rate-limit service is unreachable.', {}, active ? 1 : 0);
      if (active) logger.warn('rate-limit service unreachable: limiting with local token buckets (per instance)');
      else logger.info('rate-limit service reachable again: local buckets no longer used');
    },
  }, new RateLeases(clock, { ...DEFAULT_LEASE_SETTINGS, maxBatch: config.RATE_LEASE_MAX_BATCH, ttlMs: config.RATE_LEASE_TTL_MS }));
  metrics.set('edge_ratelimit_fallback_active', 'Local token buckets in use because the rate-limit service is unreachable.', {}, 0);

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'edge', logger, security: config.kafkaSecurity });
  const publisher = new KafkaPublisher(kafka);
  const accessEvents = new AccessEvents(new KafkaAccessEvents(publisher), clock, {
    windowMs: config.ACCESS_EVENT_WINDOW_MS,
    maxWindows: 10_000,
    maxInFlight: config.ACCESS_EVENT_MAX_IN_FLIGHT,
    onPublishError: (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'access event not published'),
    onSuppressed: (type) => metrics.inc('edge_access_events_suppressed_total', 'Denials counted in a later event of the same subject and type instead of their own (Kafka behind, or a configured window).', { type }),
  });
  metrics.gauge('edge_revocations', 'Entries in the local revocation view.', () => revocations.size.tokens + revocations.size.users);
  metrics.gauge('edge_api_key_cache_entries', 'Cached API-key verifications.', () => apiKeys.size);
  for (const [name, client] of Object.entries({ identity: clients.identity, auth: clients.auth, ratelimit: clients.ratelimit, audit: clients.audit })) {
    metrics.gauge(`edge_breaker_open_${name}`, `1 while the circuit breaker to ${name} is open.`, () => (client.isOpen ? 1 : 0));
  }

  const app = createApp({
    settings: settingsOf(config, startedAtMs),
    logger,
    clock,
    identity,
    auth,
    ratelimit,
    audit,
    authenticator: new Authenticator(tokens, apiKeys, roles),
    apiKeys,
    tokens,
    revocations,
    limiter,
    roles,
    accessEvents,
    metrics,
    probes: healthProbes(clients.health),
    passwordBlocklist: loadBlocklist(config.PASSWORD_BLOCKLIST_FILE),
  });

  // Events first, then the snapshot. The group is this process's alone and starts a little before
  // the process did: the snapshot and the consumer start concurrently, so a revocation published
  // between the snapshot's read and the consumer's first fetch must still arrive.
  const feedGroup = `edge-${hostname()}-${process.pid}-${uuidv7().slice(-12)}`;
  const consumer = new KafkaConsumer(kafka, { groupId: feedGroup, topics: [TOPICS.auth, TOPICS.identity], startFrom: { timestamp: startedAtMs - 5_000 }, logger });
  keepTrying('security event feed', async () => {
    await ensureTopics(kafka, [TOPICS.auth, TOPICS.identity, TOPICS.access]);
    await consumer.start(async (messages) => applySecurityEvents(messages, { revocations, apiKeys, roles }));
  }, logger);
  keepTrying('signing keys', () => tokens.refresh(), logger, 500);
  keepTrying('revocation snapshot', () => syncRevocations(auth, revocations, clock), logger, 1000);
  const resync = setInterval(() => {
    accessEvents.flush();
  }, Math.max(config.ACCESS_EVENT_WINDOW_MS, 1000));
  const revocationResync = setInterval(() => {
    syncRevocations(auth, revocations, clock).catch(() => undefined);
    tokens.refresh().catch(() => undefined);
  }, config.REVOCATION_RESYNC_MS);
  resync.unref();
  revocationResync.unref();

  const server: Server = await new Promise((resolve) => {
    const listening = createServer(app).listen(config.EDGE_PORT, config.EDGE_HOST, () => resolve(listening));
  });
  answerClientErrors(server);
  server.keepAliveTimeout = 65_000;
  logger.info({ url: `http://${config.EDGE_HOST}:${config.EDGE_PORT}`, upstream: config.UPSTREAM_URL ?? null }, 'edge listening');
  onTerminationSignal(
    () => [
      { name: 'http', run: () => new Promise<void>((resolve) => server.close(() => resolve())) },
      { name: 'timers', run: async () => { clearInterval(resync); clearInterval(revocationResync); } },
      {
        name: 'access events',
        run: async () => {
          accessEvents.flush(true);
          if (!(await accessEvents.drain(3000))) logger.warn('access events still unacknowledged by Kafka at shutdown');
        },
      },
      { name: 'kafka consumer', run: () => consumer.stop() },
      { name: 'kafka consumer group', run: () => deleteConsumerGroup(kafka, feedGroup) },
      { name: 'kafka publisher', run: () => publisher.close() },
      { name: 'grpc clients', run: async () => { for (const c of [clients.identity, clients.auth, clients.ratelimit, clients.audit, ...Object.values(clients.health)]) c.close(); } },
    ],
    logger,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
