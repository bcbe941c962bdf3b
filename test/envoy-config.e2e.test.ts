import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { parse } from 'yaml';
import { envoyRatelimitV3, healthV1, ratelimitV1 } from '@qilbee/contracts';
import { testDatabase, testEnv, uniqueName, waitFor } from '@qilbee/testkit';
import { configSchema } from '../services/ratelimit/src/config';
import { freePort, stopProcess } from './harness/platform';

/**
 * docs/examples/envoy/envoy.yaml is proven against our server without an Envoy binary: its
 * structure is checked, the descriptors its routes' rate_limits actions produce for sample
 * requests are derived the way Envoy derives them, and those descriptors are sent over Envoy's
 * protocol to a real rate-limit service process.
 */

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'docs/examples/envoy/envoy.yaml');
const RATELIMIT_FILTER = 'envoy.filters.http.ratelimit';
const RATELIMIT_FILTER_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.ratelimit.v3.RateLimit';
const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const { Code, Unit } = { Code: envoyRatelimitV3.RateLimitResponse_Code, Unit: envoyRatelimitV3.RateLimitResponse_RateLimit_Unit };

// ---- The slice of Envoy's configuration model this example uses --------------------------------

/** Parsed YAML is untyped; every access below is checked by an expectation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;

interface SampleRequest {
  path: string;
  headers: Record<string, string>;
  /** The TCP peer (use_remote_address: true). */
  remoteAddress: string;
}

type Entry = { key: string; value: string };

function loadExample(): Yaml {
  return parse(readFileSync(EXAMPLE, 'utf8'));
}

function connectionManager(config: Yaml): Yaml {
  const filters: Yaml[] = config.static_resources.listeners.flatMap((l: Yaml) => l.filter_chains.flatMap((c: Yaml) => c.filters));
  const hcm = filters.find((f) => f.name === 'envoy.filters.network.http_connection_manager');
  expect(hcm?.typed_config['@type']).toBe(HCM_TYPE);
  return hcm.typed_config;
}

function rateLimitFilter(config: Yaml): Yaml {
  const filter = connectionManager(config).http_filters.find((f: Yaml) => f.name === RATELIMIT_FILTER);
  expect(filter).toBeDefined();
  return filter.typed_config;
}

function cluster(config: Yaml, name: string): Yaml {
  const found = config.static_resources.clusters.find((c: Yaml) => c.name === name);
  expect(found).toBeDefined();
  return found;
}

/** Envoy route matching: `path` is exact on the path without its query, `prefix` on the raw :path. */
function routeFor(config: Yaml, request: SampleRequest): Yaml {
  const routes: Yaml[] = connectionManager(config).route_config.virtual_hosts[0].routes;
  const withoutQuery = request.path.split('?')[0];
  const route = routes.find((r) => (r.match.path !== undefined ? r.match.path === withoutQuery : request.path.startsWith(r.match.prefix)));
  expect(route).toBeDefined();
  return route;
}

/** One action's entry; `undefined` when the action cannot produce it, which drops the whole descriptor. */
function entryOf(action: Yaml, request: SampleRequest): Entry | 'skip' | undefined {
  const [kind, spec] = Object.entries(action)[0] as [string, Yaml];
  switch (kind) {
    case 'generic_key':
      return { key: spec.descriptor_key ?? 'generic_key', value: spec.descriptor_value };
    case 'remote_address':
      return { key: 'remote_address', value: request.remoteAddress };
    case 'request_headers': {
      const name = String(spec.header_name).toLowerCase();
      const value = name === ':path' ? request.path : request.headers[name];
      if (value !== undefined) return { key: spec.descriptor_key, value };
      return spec.skip_if_absent ? 'skip' : undefined;
    }
    default:
      throw new Error(`action ${kind} is used by the example but not modelled by this test`);
  }
}

/** The descriptors Envoy sends for a request: one per rate_limits entry of the filter's stage. */
function descriptorsFor(config: Yaml, request: SampleRequest): Entry[][] {
  const stage = rateLimitFilter(config).stage ?? 0;
  const descriptors: Entry[][] = [];
  for (const rateLimit of routeFor(config, request).rate_limits ?? []) {
    expect(Object.keys(rateLimit).every((k) => k === 'actions' || k === 'stage')).toBe(true);
    if ((rateLimit.stage ?? 0) !== stage) continue;
    const entries: Entry[] = [];
    let produced = true;
    for (const action of rateLimit.actions) {
      const entry = entryOf(action, request);
      if (entry === undefined) produced = false;
      else if (entry !== 'skip') entries.push(entry);
    }
    if (produced && entries.length > 0) descriptors.push(entries);
  }
  return descriptors;
}

// ---- A real rate-limit service process ----------------------------------------------------------

function unary<Req, Res>(client: Yaml, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    client[method](request, new Metadata(), { deadline: new Date(Date.now() + 5000) }, (error: ServiceError | null, response: Res) =>
      error ? reject(error) : resolve(response),
    );
  });
}

async function serving(address: string): Promise<boolean> {
  const client = new healthV1.HealthClient(address, credentials.createInsecure());
  try {
    const response = await unary<healthV1.HealthCheckRequest, healthV1.HealthCheckResponse>(client, 'check', { service: '' });
    return response.status === healthV1.HealthCheckResponse_ServingStatus.SERVING;
  } catch {
    return false;
  } finally {
    client.close();
  }
}


const CONTEXT = { requestId: 'envoy-example', actorUserId: 'envoy-example-test', actorUsername: 'envoy-example-test', ipAddress: '127.0.0.1', userAgent: 'jest', actorApiKeyId: '' };

describe('docs/examples/envoy/envoy.yaml', () => {
  jest.setTimeout(60_000);
  const config = loadExample();

  it('has the rate-limit filter, before the router, pointing at an HTTP/2 cluster on the documented gRPC port', () => {
    const filters: Yaml[] = connectionManager(config).http_filters;
    expect(filters.map((f) => f.name)).toEqual([RATELIMIT_FILTER, 'envoy.filters.http.router']);
    const filter = rateLimitFilter(config);
    expect(filter['@type']).toBe(RATELIMIT_FILTER_TYPE);
    expect(filter.domain).toBe('qilbee-gateway');
    expect(filter.timeout).toMatch(/^\d+(\.\d+)?s$/);
    expect(typeof filter.failure_mode_deny).toBe('boolean');
    expect(filter.rate_limit_service.transport_api_version).toBe('V3');
    const target = cluster(config, filter.rate_limit_service.grpc_service.envoy_grpc.cluster_name);
    const options = target.typed_extension_protocol_options[HTTP_OPTIONS];
    expect(options['@type']).toBe(`type.googleapis.com/${HTTP_OPTIONS}`);
    expect(options.explicit_http_config.http2_protocol_options).toEqual({});
    const address = target.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address;
    expect(address.port_value).toBe(configSchema.parse({}).RATELIMIT_GRPC_PORT);
    expect(connectionManager(config).use_remote_address).toBe(true);
  });

  it('its routes produce the descriptors the guide describes', () => {
    expect(descriptorsFor(config, { path: '/api/v1/auth/login', headers: {}, remoteAddress: '192.0.2.1' })).toEqual([
      [{ key: 'endpoint_type', value: 'Login' }, { key: 'remote_address', value: '192.0.2.1' }],
    ]);
    expect(descriptorsFor(config, { path: '/graphs/social?limit=5', headers: { 'x-tenant-id': 'acme' }, remoteAddress: '203.0.113.7' })).toEqual([
      [{ key: 'path', value: '/graphs/social?limit=5' }, { key: 'remote_address', value: '203.0.113.7' }],
      [{ key: 'path', value: '/graphs/social?limit=5' }, { key: 'tenant', value: 'acme' }],
    ]);
    // Without the header, Envoy drops the whole tenant descriptor.
    expect(descriptorsFor(config, { path: '/graphs/social', headers: {}, remoteAddress: '203.0.113.7' })).toHaveLength(1);
  });

  describe('against a real rate-limit service', () => {
    let service: ChildProcess;
    let database: Awaited<ReturnType<typeof testDatabase>>;
    let envoy: envoyRatelimitV3.RateLimitServiceClient;
    let own: ratelimitV1.RateLimitServiceClient;
    const domain: string = rateLimitFilter(config).domain;

    const ask = (request: SampleRequest) =>
      unary<envoyRatelimitV3.RateLimitRequest, envoyRatelimitV3.RateLimitResponse>(
        envoy,
        'shouldRateLimit',
        envoyRatelimitV3.RateLimitRequest.fromPartial({ domain, descriptors: descriptorsFor(config, request).map((entries) => ({ entries })), hitsAddend: 0 }),
      );

    beforeAll(async () => {
      database = await testDatabase('envoy_example');
      const port = await freePort();
      const address = `127.0.0.1:${port}`;
      const env = testEnv();
      const logDir = path.join(ROOT, '.run', 'e2e', uniqueName('envoy'));
      mkdirSync(logDir, { recursive: true });
      service = spawn(process.execPath, ['--import', 'tsx', 'services/ratelimit/src/main.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          MONGO_URL: env.mongoUrl,
          KAFKA_BROKERS: env.kafkaBrokers.join(','),
          RATELIMIT_GRPC_PORT: String(port),
          RATELIMIT_DB: database.db.databaseName,
          RATELIMIT_BACKEND: 'memory',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const log = createWriteStream(path.join(logDir, 'ratelimit.log'));
      service.stdout?.pipe(log);
      service.stderr?.pipe(log);
      await waitFor(async () => service.exitCode !== null || (await serving(address)), { timeoutMs: 45_000, intervalMs: 200, message: `ratelimit serving (log in ${logDir})` });
      if (service.exitCode !== null) throw new Error(`ratelimit exited with ${service.exitCode}; see ${logDir}`);
      envoy = new envoyRatelimitV3.RateLimitServiceClient(address, credentials.createInsecure());
      own = new ratelimitV1.RateLimitServiceClient(address, credentials.createInsecure());
      await unary<ratelimitV1.CreatePolicyRequest, ratelimitV1.CreatePolicyResponse>(own, 'createPolicy', {
        context: CONTEXT,
        name: 'graphs per client',
        endpointType: 'Custom',
        customPath: '/graphs',
        maxRequests: 3,
        windowSecs: 60,
        enabled: true,
        overrides: {},
        failOpen: true,
      });
    });

    afterAll(async () => {
      envoy?.close();
      own?.close();
      if (service) await stopProcess(service);
      await database?.close();
    });

    it('OK up to the Custom policy limit, then OVER_LIMIT; a rejected request consumes nothing', async () => {
      const acme = { path: '/graphs/social/nodes?limit=5', headers: { 'x-tenant-id': 'acme' }, remoteAddress: '203.0.113.7' };
      for (const left of [2, 1, 0]) {
        const response = await ask(acme);
        expect(response.overallCode).toBe(Code.OK);
        expect(response.statuses.map((s) => s.limitRemaining)).toEqual([left, left]);
        expect(response.statuses[0]?.currentLimit).toMatchObject({ requestsPerUnit: 3, unit: Unit.MINUTE, name: 'graphs per client;q=3;w=60' });
      }
      const over = await ask(acme);
      expect(over.overallCode).toBe(Code.OVER_LIMIT);
      expect(over.statuses.map((s) => s.code)).toEqual([Code.OVER_LIMIT, Code.OVER_LIMIT]);
      expect(Number(over.statuses[0]?.durationUntilReset?.seconds)).toBeGreaterThanOrEqual(1);

      // Same tenant from another address: the tenant bucket is empty, so the request is rejected
      // and the (full) address bucket is not charged: all or nothing.
      const otherAddress = { ...acme, remoteAddress: '198.51.100.9' };
      const rejected = await ask(otherAddress);
      expect(rejected.overallCode).toBe(Code.OVER_LIMIT);
      expect(rejected.statuses.map((s) => [s.code, s.limitRemaining])).toEqual([[Code.OK, 3], [Code.OVER_LIMIT, 0]]);
      const alone = await ask({ ...otherAddress, headers: {} });
      expect(alone.overallCode).toBe(Code.OK);
      expect(alone.statuses.map((s) => s.limitRemaining)).toEqual([2]);
    });

    it('the login route lands on the seeded Login policy: 5 per minute per address', async () => {
      const login = { path: '/api/v1/auth/login', headers: {}, remoteAddress: '192.0.2.1' };
      const codes: number[] = [];
      for (let i = 0; i < 6; i += 1) codes.push((await ask(login)).overallCode);
      expect(codes).toEqual([Code.OK, Code.OK, Code.OK, Code.OK, Code.OK, Code.OVER_LIMIT]);
      const status = (await ask(login)).statuses[0];
      expect(status?.currentLimit).toMatchObject({ requestsPerUnit: 5, unit: Unit.MINUTE, name: 'Default Login Rate Limit;q=5;w=60' });
    });

    it('other paths fall back to the GeneralApi policy (1000 per hour)', async () => {
      const response = await ask({ path: '/api/v1/users', headers: {}, remoteAddress: '192.0.2.50' });
      expect(response.overallCode).toBe(Code.OK);
      expect(response.statuses[0]?.currentLimit).toMatchObject({ requestsPerUnit: 1000, unit: Unit.HOUR });
      expect(response.statuses[0]?.limitRemaining).toBe(999);
    });
  });
});
