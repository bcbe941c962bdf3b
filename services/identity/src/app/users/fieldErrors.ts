import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { passwordViolations, weakPasswordError } from '@qilbee/password-policy';
import type { IdentityDeps } from '../deps';
import { unknownRoleError, unknownRolesOf } from '../roles/knownRoles';

/**
 * One error out of several refusals of the same request, so that every failed field is named at
 * once (api-contract.md section 2): code `validation_failed`, `errors` naming each field, and the
 * password rule ids in `details.violations` when the password policy is among them.
 */
export function combinedError(errors: DomainError[]): DomainError {
  const violations: FieldViolation[] = errors.flatMap((error) => (error.reason === 'weak_password' ? [{ field: 'password', message: error.message }] : error.violations));
  const rules = errors.flatMap((error) => (error.reason === 'weak_password' ? error.violations.map((v) => v.field) : []));
  return new DomainError('invalid_argument', errors.map((error) => error.message).join(' '), 'validation_failed', violations, rules.length > 0 ? { violations: rules } : {});
}

/** Throws nothing, the one error, or all of them combined. */
export function throwAll(errors: Array<DomainError | undefined>): void {
  const failed = errors.filter((error): error is DomainError => error !== undefined);
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) throw combinedError(failed);
}

/** The password policy's refusal, unless the password was already refused for its length. */
export function passwordPolicyError(deps: IdentityDeps, password: string, username: string, fields: FieldViolation[]): DomainError | undefined {
  if (fields.some((field) => field.field === 'password')) return undefined;
  const rules = passwordViolations(password, username, deps.blocklist);
  return rules.length > 0 ? weakPasswordError(rules) : undefined;
}

/** Unknown roles as an error, or undefined when every role exists. */
export async function rolesError(deps: IdentityDeps, roles: string[]): Promise<DomainError | undefined> {
  const unknown = await unknownRolesOf(deps, roles);
  return unknown.length > 0 ? unknownRoleError(unknown) : undefined;
}
