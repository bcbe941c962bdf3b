import { ROUTES, type RouteSpec } from '../../../domain/routeTable';
import { titleFor } from '../../../domain/problems';
import { OPERATIONS, type OperationSpec } from './operations';
import { SCHEMAS } from './schemas';

const RATE_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'RateLimit-Policy', 'RateLimit'];

function content(schema: string, status: number): Record<string, unknown> {
  if (schema === 'text') return { 'text/plain': { schema: { type: 'string' } } };
  if (schema === 'OpenApi') return { 'application/json': { schema: { type: 'object' } } };
  const media = status >= 400 ? 'application/problem+json' : 'application/json';
  return { [media]: { schema: { $ref: `#/components/schemas/${schema}` } } };
}

/** The errors a route can answer because of where it sits in the pipeline. */
function pipelineErrors(route: RouteSpec, op: OperationSpec): Record<number, string> {
  const errors: Record<number, string> = { 500: 'Problem', 503: 'Problem' };
  if (route.body !== 'none' || op.query || op.params) errors[400] = 'Problem';
  if (route.body !== 'none') Object.assign(errors, { 413: 'Problem', 415: 'Problem' });
  if (route.access.kind === 'authenticated' || route.access.kind === 'permission') errors[401] = 'Problem';
  if (route.access.kind === 'permission' || route.access.kind === 'network' || route.id === 'users.update') errors[403] = 'Problem';
  if (route.rateLimited) errors[429] = 'RateLimited';
  if (route.id === 'auth.revoke' || route.id === 'auth.logout') errors[400] = 'Problem';
  for (const status of op.errors ?? []) errors[status] = 'Problem';
  return errors;
}

function operation(route: RouteSpec): Record<string, unknown> {
  const op = OPERATIONS[route.id];
  if (!op) throw new Error(`no OpenAPI operation for ${route.id}`);
  const responses: Record<string, unknown> = {};
  const all = { ...pipelineErrors(route, op), ...op.responses };
  for (const [status, schema] of Object.entries(all)) {
    const code = Number(status);
    const headers = route.rateLimited && code !== 503 ? Object.fromEntries(RATE_HEADERS.map((h) => [h, { schema: { type: 'string' } }])) : undefined;
    responses[status] = { description: code < 400 ? 'Success' : titleFor(code), content: content(schema, code), ...(headers ? { headers } : {}) };
  }
  const params = [...route.path.matchAll(/:([a-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: op.params?.[m[1] ?? ''] ?? { type: 'string', minLength: 1 } }));
  const query = Object.entries(op.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
  const security = route.access.kind === 'authenticated' || route.access.kind === 'permission' ? [{ bearer: [] }, { apiKey: [] }] : [];
  return {
    operationId: route.id,
    summary: op.summary,
    ...(route.access.kind === 'permission' ? { 'x-required-permission': route.access.permission } : {}),
    security,
    parameters: [...params, ...query],
    ...(op.request
      ? { requestBody: { required: route.body === 'json', content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.request}` } } } } }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every platform route, generated from the one route table. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = route.path.replace(/:([a-z_]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Qilbee Security Platform API',
      version,
      description:
        'QilbeeDB-compatible security API. Errors are RFC 9457 problem+json with `code` and `error`. Any path not listed here is proxied to the guarded upstream (UPSTREAM_URL) after authentication, rate limiting and the UPSTREAM_PERMISSION check.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: SCHEMAS,
    },
    paths,
  };
}
