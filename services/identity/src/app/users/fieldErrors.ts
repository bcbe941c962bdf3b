import type { DomainError, FieldViolation } from '@qilbee/kernel';
import { combinedRefusal, passwordViolations, weakPasswordError } from '@qilbee/password-policy';
import type { IdentityDeps } from '../deps';
import { unknownRoleError, unknownRolesOf } from '../roles/knownRoles';

/** Throws nothing, the one error, or all of them combined. */
export function throwAll(errors: Array<DomainError | undefined>): void {
  const failed = errors.filter((error): error is DomainError => error !== undefined);
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) throw combinedRefusal(failed);
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
