import { z } from '@qilbee/config';
import { DomainError, type FieldViolation } from '@qilbee/kernel';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Every failed field, named: unknown members one by one, wrong types with what was sent. */
export function violationsOf(error: z.ZodError, input: unknown, where: string): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const issue of error.issues) {
    const base = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, message: 'unknown field' });
    } else if (issue.code === 'invalid_type') {
      const got = valueAt(input, issue.path);
      out.push({
        field: base || where,
        message: got === undefined ? 'is required' : `expected ${issue.expected}, got ${describeType(got)}`,
      });
    } else {
      out.push({ field: base || where, message: issue.message });
    }
  }
  return out;
}

/**
 * Validates a body or query against a strict zod schema. Objects where strings are expected
 * (NoSQL operator injection like {"$ne": null}) fail as wrong types; unknown members fail by name.
 */
export function validate<S extends z.ZodTypeAny>(schema: S, input: unknown, where: 'body' | 'query'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const violations = violationsOf(result.error, input, where);
  const detail = `Invalid ${where}: ${violations.map((v) => `${v.field} ${v.message}`).join('; ')}`;
  throw new DomainError('invalid_argument', detail, 'validation_failed', violations);
}

/** A required JSON object body (`undefined` when the request had none). */
export function body<S extends z.ZodTypeAny>(schema: S, raw: unknown): z.infer<S> {
  if (raw === undefined) throw new DomainError('invalid_argument', 'A JSON body is required', 'body_required', [{ field: 'body', message: 'is required' }]);
  return validate(schema, raw, 'body');
}

/** Query strings: each parameter at most once. */
export function queryParams(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const violations: FieldViolation[] = [];
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else violations.push({ field: key, message: 'must be given once, as a plain value' });
  }
  if (violations.length > 0) throw new DomainError('invalid_argument', 'Invalid query', 'validation_failed', violations);
  return out;
}

// Shared field schemas: bounded strings, so no field is unbounded.
export const text = (max: number) => z.string().min(1).max(max);
export const uuidish = z.string().min(1).max(64);
