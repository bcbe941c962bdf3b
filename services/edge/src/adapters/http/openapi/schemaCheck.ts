/**
 * A small JSON Schema (2020-12 subset) checker, enough for the edge's OpenAPI document:
 * $ref, type, properties/required/additionalProperties, items/prefixItems, enum, const, anyOf,
 * allOf, minimum, minItems/maxItems. It returns every mismatch as `path: problem`.
 */
type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

export function checkSchema(schema: Schema, value: unknown, root: Schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], root);
    if (!target) return [`${path}: unresolved ${schema.$ref}`];
    return checkSchema(target as Schema, value, root, path);
  }
  const errors: string[] = [];
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) errors.push(...checkSchema(part as Schema, value, root, path));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((part) => checkSchema(part as Schema, value, root, path).length === 0)) {
    errors.push(`${path}: matches none of anyOf`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const actual = typeOf(value);
  if (typeof schema.type === 'string' && !typeMatches(schema.type, actual)) return [...errors, `${path}: expected ${schema.type}, got ${actual}`];
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
  if (actual === 'object' && (schema.type === 'object' || schema.properties)) errors.push(...checkObject(schema, value as Record<string, unknown>, root, path));
  if (actual === 'array' && schema.type === 'array') errors.push(...checkArray(schema, value as unknown[], root, path));
  return errors;
}

function checkObject(schema: Schema, value: Record<string, unknown>, root: Schema, path: string): string[] {
  const errors: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of (schema.required ?? []) as string[]) if (!(name in value)) errors.push(`${path}.${name}: required`);
  for (const [name, member] of Object.entries(value)) {
    const own = properties[name];
    if (own) errors.push(...checkSchema(own, member, root, `${path}.${name}`));
    else if (schema.additionalProperties === false) errors.push(`${path}.${name}: not in the schema`);
    else if (typeof schema.additionalProperties === 'object') errors.push(...checkSchema(schema.additionalProperties as Schema, member, root, `${path}.${name}`));
  }
  return errors;
}

function checkArray(schema: Schema, value: unknown[], root: Schema, path: string): string[] {
  const errors: string[] = [];
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: too few items`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path}: too many items`);
  const prefix = (schema.prefixItems ?? []) as Schema[];
  value.forEach((item, i) => {
    const itemSchema = prefix[i] ?? (schema.items as Schema | undefined);
    if (itemSchema) errors.push(...checkSchema(itemSchema, item, root, `${path}[${i}]`));
  });
  return errors;
}

/** The schema the document promises for one response of one operation. */
export function responseSchema(document: Record<string, unknown>, method: string, path: string, status: number): { schema?: Schema; media?: string; error?: string } {
  const operation = (document.paths as Record<string, Record<string, Record<string, unknown>>>)[path]?.[method.toLowerCase()];
  if (!operation) return { error: `no operation ${method} ${path}` };
  const response = (operation.responses as Record<string, Record<string, unknown>>)[String(status)];
  if (!response) return { error: `${method} ${path} does not document status ${status}` };
  const [media, content] = Object.entries(response.content as Record<string, { schema: Schema }>)[0] ?? [];
  return { schema: content?.schema, media };
}
