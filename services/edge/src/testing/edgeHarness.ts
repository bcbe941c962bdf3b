import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { answerClientErrors } from '../adapters/http/clientError';
import pino from 'pino';
import { systemClock } from '@qilbee/kernel';
import { AccessEvents } from '../app/accessEvents';
import { ApiKeyVerifier } from '../app/apiKeyVerifier';
import { Authenticator } from '../app/authenticate';
import { InMemoryAudit } from '../app/fakes/inMemoryAudit';
import { InMemoryAuth } from '../app/fakes/inMemoryAuth';
import { InMemoryIdentity } from '../app/fakes/inMemoryIdentity';
import { InMemoryRateLimit } from '../app/fakes/inMemoryRateLimit';
import { LocalTokenBuckets } from '../app/localTokenBuckets';
import { Metrics } from '../app/metrics';
import { RateLeases } from '../app/rateLeases';
import { RateLimiter } from '../app/rateLimiter';
import { RevocationView } from '@qilbee/tokens';
import { RoleCatalog } from '../app/roleCatalog';
import { TokenVerifier } from '../app/tokenVerifier';
import { createApp, type EdgeSettings } from '../adapters/http/app';
import { resolveRoute } from '../domain/routeMatch';
import { conformance } from './openApiRecorder';
import { request, type TestResponse } from './testResponse';

export const ADMIN_PASSWORD = 'Adm1n!Passw0rd#Long';
export const USER_PASSWORD = 'Us3r!Passw0rd#Long';

export interface EdgeUnderTest {
  url: string;
  identity: InMemoryIdentity;
  auth: InMemoryAuth;
  ratelimit: InMemoryRateLimit;
  audit: InMemoryAudit;
  revocations: RevocationView;
  limiter: RateLimiter;
  admin: { id: string; token: string };
  user: { id: string; token: string };
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<TestResponse>;
  /** Every response that did not match the OpenAPI document (checked on each fetch). */
  conformanceErrors: string[];
  close(): Promise<void>;
}

/** Builds the real pipeline on in-memory twins of every port, listening on a free port. */
export async function startEdge(overrides: Partial<EdgeSettings> = {}): Promise<EdgeUnderTest> {
  const clock = systemClock;
  const identity = new InMemoryIdentity();
  const auth = await new InMemoryAuth(identity).init();
  const ratelimit = new InMemoryRateLimit();
  const audit = new InMemoryAudit();
  const adminUser = identity.addUser('admin', ADMIN_PASSWORD, ['Admin']);
  const plainUser = identity.addUser('alice', USER_PASSWORD, ['Read']);
  const revocations = new RevocationView();
  const tokens = new TokenVerifier(auth, revocations, clock, { issuer: auth.issuer, audience: auth.audience, minRefreshIntervalMs: 0, clockSkewSeconds: 0 });
  await tokens.refresh();
  const apiKeys = new ApiKeyVerifier(identity, clock, { ttlMs: 30_000, staleIfUnavailableMs: 300_000, maxEntries: 1000 });
  const roles = new RoleCatalog(identity, clock, 60_000);
  const limiter = new RateLimiter(ratelimit, new LocalTokenBuckets(clock), { onFallback: () => undefined }, new RateLeases(clock));
  const accessEvents = new AccessEvents(audit, clock, { windowMs: 0, maxWindows: 100, maxInFlight: 1000 });
  const settings: EdgeSettings = {
    version: 'test',
    startedAtMs: clock.nowMs(),
    trustedProxies: [],
    cors: { allowedOrigins: ['https://app.example.com'], allowCredentials: true, maxAgeSeconds: 600 },
    https: { enforce: false, httpsPort: 443, allowLocalhost: true, exemptPaths: ['/health', '/ready', '/metrics'], unsafeMethods: 'reject' },
    bodyLimitBytes: 1024 * 1024,
    metricsAllowedIps: [],
    ...overrides,
  };
  const app = createApp({
    settings,
    logger: pino({ level: 'silent' }),
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
    metrics: new Metrics(),
    probes: [{ name: 'identity', check: async () => !identity.down }],
    passwordBlocklist: new Set(['password', 'qwerty', 'letmein']),
  });
  const server: Server = await new Promise((resolve) => {
    const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
    answerClientErrors(s);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const conformanceErrors: string[] = [];
  const sign = (u: { id: string; username: string; roles: string[] }) => auth.sign({ sub: u.id, username: u.username, roles: u.roles });
  return {
    url,
    identity,
    auth,
    ratelimit,
    audit,
    revocations,
    limiter,
    admin: { id: adminUser.id, token: await sign(adminUser) },
    user: { id: plainUser.id, token: await sign(plainUser) },
    conformanceErrors,
    fetch: async (path, init = {}) => {
      const { json, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (json !== undefined) merged.set('content-type', 'application/json');
      const res = await request(`${url}${path}`, { ...rest, headers: merged, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
      const method = rest.method ?? 'GET';
      if (resolveRoute(method, new URL(`${url}${path}`).pathname, false).kind === 'route' && method !== 'OPTIONS') {
        conformanceErrors.push(...(await conformance(method, `${url}${path}`, res as unknown as Response)));
      }
      return res;
    },
    /** Closes the server; fails if any response of the test did not match the OpenAPI document. */
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (conformanceErrors.length > 0) throw new Error(`responses not matching /openapi.json:\n${conformanceErrors.join('\n')}`);
    },
  };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
