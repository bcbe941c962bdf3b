import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The published JSON Schemas of the security events (docs/schemas, JSON Schema 2020-12). */
export const SCHEMA_DIR = path.resolve(__dirname, '../../docs/schemas');
export const EVENT_SCHEMA_FILE = 'security-event.schema.json';
export const DEAD_LETTER_SCHEMA_FILE = 'dead-letter.schema.json';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function readSchema(file: string): Json {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
}

export interface EventValidators {
  event: ValidateFunction;
  deadLetter: ValidateFunction;
}

/**
 * Compiles both schemas with ajv in strict mode (unknown keywords, formats, ambiguous types and
 * required-without-properties are errors), so a sloppy schema fails here, not at a SIEM.
 */
export function compileValidators(): EventValidators {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return { event: ajv.compile(readSchema(EVENT_SCHEMA_FILE)), deadLetter: ajv.compile(readSchema(DEAD_LETTER_SCHEMA_FILE)) };
}

/** The errors worth reading: the leaves, not the "must match a schema in oneOf" wrappers. */
export function explain(errors: ErrorObject[] | null | undefined): string {
  const leaves = (errors ?? []).filter((e) => !['if', 'oneOf', 'anyOf', 'allOf'].includes(e.keyword));
  return leaves.slice(0, 6).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

/** The CloudEvent a service builds, for the producer: one topic per source. */
export const TOPIC_OF_SOURCE: Record<string, string> = {
  '/qilbee/auth': 'security.auth.v1',
  '/qilbee/identity': 'security.identity.v1',
  '/qilbee/ratelimit': 'security.ratelimit.v1',
  '/qilbee/edge': 'security.access.v1',
};
