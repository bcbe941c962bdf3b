import { ROUTES } from '../../../domain/routeTable';
import { openApiDocument } from './document';
import { checkSchema, responseSchema } from './schemaCheck';

describe('OpenAPI document', () => {
  const doc = openApiDocument('1.2.3');
  const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; security: unknown[] }>>;

  it('is OpenAPI 3.1 and documents every route of the route table, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    const table = ROUTES.map((r) => `${r.method} ${r.path.replace(/:([a-z_]+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(table);
  });

  it('documents the pipeline errors of each route (401/403/429/413/415)', () => {
    const users = paths['/api/v1/users']?.post?.responses ?? {};
    expect(Object.keys(users).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '429', '500', '503']);
    expect(Object.keys(paths['/health']?.get?.responses ?? {})).not.toContain('429');
  });

  it('every $ref resolves', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = ref.slice(8, -1).replace(/^#\//, '').split('/').reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], doc);
      expect(target).toBeDefined();
    }
  });

  it('the schema check rejects a body that does not match (it can fail)', () => {
    const { schema } = responseSchema(doc, 'GET', '/api/v1/users/{user_id}', 200);
    expect(schema).toBeDefined();
    const errors = checkSchema(schema ?? {}, { id: 1, username: 'x', surprise: true }, doc);
    expect(errors).toEqual(expect.arrayContaining(['$.id: expected string, got integer', '$.surprise: not in the schema', '$.email: required']));
  });
});
