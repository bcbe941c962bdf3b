import { z } from '@qilbee/config';
import { jsonSchemaOf, queryParametersOf } from './fromZod';

describe('JSON Schema from the zod schemas the edge validates with', () => {
  it('states bounds, patterns, enums, optional members and strictness', () => {
    const body = z
      .object({
        name: z.string().min(1).max(128),
        path: z.string().regex(/^\//),
        code: z.string().regex(/^[a-z]{2}$/),
        count: z.number().int().min(1).max(10),
        ratio: z.number().gt(0),
        kind: z.enum(['a', 'b']),
        tags: z.array(z.string()).min(1).max(3).optional(),
        limits: z.record(z.string().min(1), z.number().int()),
        either: z.union([z.literal('x'), z.object({ y: z.boolean() }).strict()]),
      })
      .strict();
    expect(jsonSchemaOf(body)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 128 },
        path: { type: 'string', pattern: '^\\/' },
        code: { type: 'string', pattern: '^(?!.*\\n)[a-z]{2}$' },
        count: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', exclusiveMinimum: 0 },
        kind: { type: 'string', enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
        limits: { type: 'object', propertyNames: { type: 'string', minLength: 1 }, additionalProperties: { type: 'integer' } },
        either: { anyOf: [{ const: 'x' }, { type: 'object', properties: { y: { type: 'boolean' } }, required: ['y'], additionalProperties: false }] },
      },
      required: ['name', 'path', 'code', 'count', 'ratio', 'kind', 'limits', 'either'],
      additionalProperties: false,
    });
    expect(queryParametersOf(z.object({ limit: z.coerce.number().int().min(1).optional() }).strict())).toEqual({ limit: { type: 'integer', minimum: 1 } });
  });

  it('refuses what it cannot state (a refinement, a case-insensitive pattern, a built-in email check)', () => {
    expect(() => jsonSchemaOf(z.string().refine((v) => v !== 'x'))).toThrow(/ZodEffects/);
    expect(() => jsonSchemaOf(z.string().regex(/^a$/i))).toThrow(/flagless/);
    expect(() => jsonSchemaOf(z.string().email())).toThrow(/email/);
  });
});
