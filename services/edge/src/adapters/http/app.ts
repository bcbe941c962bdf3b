import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import type { Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { Permission } from '@qilbee/rbac';
import type { AccessEvents } from '../../app/accessEvents';
import type { ApiKeyVerifier } from '../../app/apiKeyVerifier';
import type { Authenticator } from '../../app/authenticate';
import type { Metrics } from '../../app/metrics';
import type { AuditPort, AuthPort, DependencyProbe, IdentityPort, RateLimitPort } from '../../app/ports';
import type { RateLimiter } from '../../app/rateLimiter';
import type { RoleCatalog } from '../../app/roleCatalog';
import type { RevocationView } from '@qilbee/tokens';
import type { TokenVerifier } from '../../app/tokenVerifier';
import { ROUTES } from '../../domain/routeTable';
import { IpSet } from '../../domain/trustedProxies';
import { upstreamProxy } from '../upstream/upstreamProxy';
import { accessAudit } from './middleware/accessAudit';
import { authentication } from './middleware/authentication';
import { authorization } from './middleware/authorization';
import { bodyParsing } from './middleware/bodyParsing';
import { clientAddress } from './middleware/clientAddress';
import { cors } from './middleware/cors';
import { errorHandler } from './middleware/errorHandler';
import { httpsEnforcement, type HttpsOptions } from './middleware/httpsEnforcement';
import { rateLimit } from './middleware/rateLimit';
import { requestId } from './middleware/requestId';
import { requestLog } from './middleware/requestLog';
import { routeResolution } from './middleware/routeResolution';
import { securityHeaders } from './middleware/securityHeaders';
import { openApiDocument } from './openapi/document';
import { pipeline, type ErrorStep, type Step } from './pipeline';
import { state } from './requestState';
import { apiKeyRoutes } from './routes/apiKeyRoutes';
import { auditRoutes } from './routes/auditRoutes';
import { authRoutes } from './routes/authRoutes';
import { lockoutRoutes } from './routes/lockoutRoutes';
import { operationsRoutes } from './routes/operationsRoutes';
import { rateLimitRoutes } from './routes/rateLimitRoutes';
import { roleRoutes } from './routes/roleRoutes';
import type { Handlers } from './routes/types';
import { userRoutes } from './routes/userRoutes';
import type { Blocklist } from '@qilbee/password-policy';

export interface EdgeSettings {
  version: string;
  startedAtMs: number;
  trustedProxies: string[];
  cors: { allowedOrigins: string[]; allowCredentials: boolean; maxAgeSeconds: number };
  https: HttpsOptions;
  bodyLimitBytes: number;
  metricsAllowedIps: string[];
  upstream?: { url: string; permission: Permission; timeoutMs: number; forwardCredentials: boolean } | undefined;
}

export interface EdgeDeps {
  settings: EdgeSettings;
  logger: Logger;
  clock: Clock;
  identity: IdentityPort;
  auth: AuthPort;
  ratelimit: RateLimitPort;
  audit: AuditPort;
  authenticator: Authenticator;
  apiKeys: ApiKeyVerifier;
  tokens: TokenVerifier;
  revocations: RevocationView;
  limiter: RateLimiter;
  roles: RoleCatalog;
  accessEvents: AccessEvents;
  metrics: Metrics;
  probes: DependencyProbe[];
  /** The common-password list, to name a weak password next to other bad fields of a user body. */
  passwordBlocklist: Blocklist;
}

function allHandlers(deps: EdgeDeps): Handlers {
  const openapi = openApiDocument(deps.settings.version);
  const handlers: Handlers = {
    ...authRoutes({ auth: deps.auth, tokens: deps.tokens, revocations: deps.revocations, clock: deps.clock }),
    ...apiKeyRoutes(deps.identity, deps.apiKeys),
    ...userRoutes(deps.identity, deps.passwordBlocklist),
    ...roleRoutes(deps.identity, deps.roles),
    ...lockoutRoutes(deps.auth),
    ...rateLimitRoutes(deps.ratelimit),
    ...auditRoutes(deps.audit),
    ...operationsRoutes({
      version: deps.settings.version,
      startedAtMs: deps.settings.startedAtMs,
      nowMs: () => deps.clock.nowMs(),
      probes: deps.probes,
      tokens: deps.tokens,
      limiter: deps.limiter,
      metrics: deps.metrics,
      openapi: () => openapi,
    }),
  };
  const missing = ROUTES.filter((r) => !handlers[r.id]).map((r) => r.id);
  if (missing.length > 0) throw new Error(`routes without a handler: ${missing.join(', ')}`);
  return handlers;
}

/** The platform's own routes: Express, entered only once the pipeline has admitted a request. */
function platformRoutes(handlers: Handlers, onError: ErrorStep): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use(async (req, res) => {
    const route = state(res).route;
    if (route.kind === 'route') await handlers[route.spec.id]?.(req, res, route.params);
  });
  app.use(onError);
  return app;
}

/** The last step: the upstream proxy (plain Node, no Express) or the matched route's handler. */
function dispatch(routes: Express, proxy: ((req: IncomingMessage, res: ServerResponse) => void) | undefined): Step {
  return (req, res) => {
    const route = state(res).route;
    if (route.kind === 'upstream' && proxy) return proxy(req, res);
    routes(req as express.Request, res as express.Response);
  };
}

/**
 * The edge's request listener: one pipeline, in this order, for every request:
 * request id -> client address -> security headers -> HTTPS -> CORS -> route -> authentication ->
 * rate limit -> authorization -> body -> handler; denials are audited on finish. The body is read
 * last: who may not call a route gets its 401/403/429 whatever it sent, a malformed login still
 * counts against the login limit, and no body of a refused request is parsed.
 * The steps work on Node's request and response; Express runs only the platform's handlers, so
 * a proxied request never pays for it.
 */
export function createApp(deps: EdgeDeps): RequestListener {
  const { settings } = deps;
  const trusted = new IpSet(settings.trustedProxies);
  const metricsOpenToAll = settings.metricsAllowedIps.includes('*');
  const networkAllowed = new IpSet([...settings.trustedProxies, ...settings.metricsAllowedIps.filter((ip) => ip !== '*')]);
  const proxy = settings.upstream ? upstreamProxy({ ...settings.upstream, logger: deps.logger }) : undefined;
  const onError = errorHandler(deps.logger, settings.bodyLimitBytes);
  const steps = pipeline([
    requestId(),
    clientAddress(trusted),
    requestLog(deps.logger, deps.metrics),
    accessAudit(deps.accessEvents),
    securityHeaders(),
    httpsEnforcement(settings.https),
    cors(settings.cors),
    routeResolution(settings.upstream !== undefined),
    authentication(deps.authenticator),
    rateLimit(deps.limiter),
    authorization({ upstreamPermission: settings.upstream?.permission ?? 'GraphRead', networkAllowed, networkOpenToAll: metricsOpenToAll }),
    bodyParsing(settings.bodyLimitBytes),
    dispatch(platformRoutes(allHandlers(deps), onError), proxy),
  ]);
  return (req, res) =>
    steps(req, res, (error?: unknown) => {
      // Every step answers or calls the next one; only a failure gets here.
      onError(error ?? new Error('the pipeline ended without an answer'), req, res, () => undefined);
    });
}
