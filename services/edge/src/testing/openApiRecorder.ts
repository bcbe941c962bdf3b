import { checkSchema, responseSchema } from '../adapters/http/openapi/schemaCheck';
import { openApiDocument } from '../adapters/http/openapi/document';
import { resolveRoute } from '../domain/routeMatch';

const document = openApiDocument('test');

/**
 * Checks a real response against the OpenAPI document: the status is documented for that
 * operation, the media type matches, and the JSON body matches the schema. Returns mismatches.
 */
export async function conformance(method: string, url: string, res: Response): Promise<string[]> {
  const path = new URL(url).pathname;
  const match = resolveRoute(method, path, false);
  if (match.kind !== 'route') return [`${method} ${path} is not a documented route`];
  const template = match.spec.path.replace(/:([a-z_]+)/g, '{$1}');
  const { schema, media, error } = responseSchema(document, method, template, res.status);
  if (error) return [error];
  const contentType = res.headers.get('content-type') ?? '';
  if (media && !contentType.startsWith(media)) return [`${method} ${template} ${res.status}: content-type ${contentType}, documented ${media}`];
  if (!schema || media === 'text/plain') return [];
  const body: unknown = await res.clone().json();
  return checkSchema(schema, body, document).map((e) => `${method} ${template} ${res.status} ${e}`);
}
