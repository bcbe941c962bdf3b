import { inspect } from 'node:util';

/**
 * A copy of a settings object that holds key material or a password, with a log-safe face: JSON
 * (what pino writes) and util.inspect (console.log) show `description` instead of the fields.
 * The face lives on the prototype, not on the object: pino's redaction clones logged objects
 * along its paths keeping the prototype but not non-enumerable properties, and equality checks
 * in tests ignore it. The fields stay readable in code.
 */
export function loggedAs<T extends object>(value: T, description: Record<string, unknown>): T {
  const face = { toJSON: () => description, [inspect.custom]: () => description };
  return Object.assign(Object.create(face) as T, value);
}
