import type { z } from '@qilbee/config';

type Schema = Record<string, unknown>;

interface Check {
  kind: string;
  value?: number;
  inclusive?: boolean;
  regex?: RegExp;
}

/** A ZodObject's members, each marked required unless it may be left out. */
function objectSchema(def: { shape(): Record<string, z.ZodTypeAny>; unknownKeys: string }): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, member] of Object.entries(def.shape())) {
    properties[name] = jsonSchemaOf(member);
    if (!member.isOptional()) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: def.unknownKeys !== 'strict' };
}

/**
 * A whole-string pattern as every client's engine reads it: in Python's `re` (which fuzzers such
 * as Schemathesis use) `$` also matches before a final newline, so `^[a-z]+$` would admit "abc\n"
 * that ECMA-262 refuses. The lookahead refuses any newline in both.
 */
export function portablePattern(source: string): string {
  const guard = '^(?!.*\\n)';
  return source.startsWith('^') && source.endsWith('$') && !source.startsWith(guard) ? `${guard}${source.slice(1)}` : source;
}

function stringSchema(checks: Check[]): Schema {
  const out: Schema = { type: 'string' };
  for (const check of checks) {
    if (check.kind === 'min') out.minLength = check.value;
    else if (check.kind === 'max') out.maxLength = check.value;
    else if (check.kind === 'regex' && check.regex && check.regex.flags === '') out.pattern = portablePattern(check.regex.source);
    else throw new Error(`no JSON Schema for the string check '${check.kind}'${check.regex ? ` /${check.regex.source}/${check.regex.flags}` : ''}: use a flagless regex`);
  }
  return out;
}

function numberSchema(checks: Check[]): Schema {
  const out: Schema = { type: 'number' };
  for (const check of checks) {
    if (check.kind === 'int') out.type = 'integer';
    else if (check.kind === 'min') out[check.inclusive ? 'minimum' : 'exclusiveMinimum'] = check.value;
    else if (check.kind === 'max') out[check.inclusive ? 'maximum' : 'exclusiveMaximum'] = check.value;
    else throw new Error(`no JSON Schema for the number check '${check.kind}'`);
  }
  return out;
}

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema, so /openapi.json states exactly
 * what the edge validates: one source, no drift. Only what the edge's schemas use is supported;
 * anything else (refinements, transforms, flagged regexes) throws, because its rule could not be
 * stated and the document would promise more than the edge accepts.
 */
export function jsonSchemaOf(schema: z.ZodTypeAny): Schema {
  const stated = withoutDescription(schema);
  return schema.description ? { ...stated, description: schema.description } : stated;
}

function withoutDescription(schema: z.ZodTypeAny): Schema {
  const def = schema._def as Record<string, unknown> & { typeName: string; checks?: Check[] };
  switch (def.typeName) {
    case 'ZodString':
      return stringSchema(def.checks ?? []);
    case 'ZodNumber':
      return numberSchema(def.checks ?? []);
    case 'ZodBoolean':
      return { type: 'boolean' };
    case 'ZodEnum':
      return { type: 'string', enum: def.values };
    case 'ZodLiteral':
      return { const: def.value };
    case 'ZodOptional':
      return jsonSchemaOf(def.innerType as z.ZodTypeAny);
    case 'ZodArray': {
      const out: Schema = { type: 'array', items: jsonSchemaOf(def.type as z.ZodTypeAny) };
      const min = def.minLength as { value: number } | null;
      const max = def.maxLength as { value: number } | null;
      if (min) out.minItems = min.value;
      if (max) out.maxItems = max.value;
      return out;
    }
    case 'ZodRecord':
      return { type: 'object', propertyNames: jsonSchemaOf(def.keyType as z.ZodTypeAny), additionalProperties: jsonSchemaOf(def.valueType as z.ZodTypeAny) };
    case 'ZodUnion':
      return { anyOf: (def.options as z.ZodTypeAny[]).map(jsonSchemaOf) };
    case 'ZodObject':
      return objectSchema(def as never);
    default:
      throw new Error(`no JSON Schema for ${def.typeName}`);
  }
}

/** The query parameters of a (strict) ZodObject, one schema per parameter. */
export function queryParametersOf(schema: z.AnyZodObject): Record<string, Schema> {
  return Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, member]) => [name, jsonSchemaOf(member)]));
}
