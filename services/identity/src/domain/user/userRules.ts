import { EMAIL_PATTERN as EMAIL, USERNAME_PATTERN as USERNAME } from '@qilbee/contracts';
import { DomainError, type FieldViolation } from '@qilbee/kernel';

/** New usernames: 3-64 ASCII letters, digits and `._@-`, starting with a letter or digit (no look-alikes). */
const USERNAME_PATTERN = new RegExp(USERNAME);
const EMAIL_PATTERN = new RegExp(EMAIL);
export const MAX_PASSWORD_LENGTH = 1024;

/** The key under which a username is reserved: unique regardless of case or Unicode form. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/** Email uniqueness is case-insensitive (api-contract.md section 7). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function usernameViolation(username: string): FieldViolation | undefined {
  return USERNAME_PATTERN.test(username)
    ? undefined
    : { field: 'username', message: 'must be 3-64 ASCII letters, digits or ._@- and start with a letter or digit' };
}

export function emailViolation(email: string): FieldViolation | undefined {
  return EMAIL_PATTERN.test(email.trim()) ? undefined : { field: 'email', message: 'must be a valid email address' };
}

export function passwordLengthViolation(password: string): FieldViolation | undefined {
  return password.length <= MAX_PASSWORD_LENGTH ? undefined : { field: 'password', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` };
}

export function definedOnly(violations: Array<FieldViolation | undefined>): FieldViolation[] {
  return violations.filter((v): v is FieldViolation => v !== undefined);
}

/** One invalid_argument listing every failed field, or undefined when none failed. */
export function fieldsError(failed: FieldViolation[]): DomainError | undefined {
  if (failed.length === 0) return undefined;
  return new DomainError('invalid_argument', failed.map((v) => `${v.field} ${v.message}`).join('; '), 'invalid_argument', failed);
}

/** Throws one invalid_argument listing every failed field, or nothing. */
export function assertFields(violations: Array<FieldViolation | undefined>): void {
  const error = fieldsError(definedOnly(violations));
  if (error) throw error;
}
