import { DomainError, type FieldViolation } from '@qilbee/kernel';
import { blocklistCandidates, containmentReadings, foldUsername } from './normalise';

/** The rule ids clients rely on (api-contract.md section 7), in the order they are reported. */
export const PASSWORD_RULES = ['min_length', 'uppercase', 'lowercase', 'digit', 'special', 'common_password', 'contains_username'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export const MIN_PASSWORD_LENGTH = 12;

const RULE_DETAIL: Record<PasswordRule, string> = {
  min_length: `must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  uppercase: 'must contain an upper-case letter',
  lowercase: 'must contain a lower-case letter',
  digit: 'must contain a digit',
  special: 'must contain a special character (anything that is not a letter or digit)',
  common_password: 'is too common (found in the common-password list)',
  contains_username: 'must not contain the username',
};

/** The common-password list, already lower-cased. A port-free value: the set is loaded at start. */
export interface Blocklist {
  has(lowerCased: string): boolean;
}

/** Every rule the password breaks, all at once; an empty list means the password is acceptable. */
export function passwordViolations(password: string, username: string, blocklist: Blocklist): PasswordRule[] {
  const failed: PasswordRule[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) failed.push('min_length');
  if (!/\p{Lu}/u.test(password)) failed.push('uppercase');
  if (!/\p{Ll}/u.test(password)) failed.push('lowercase');
  if (!/\p{Nd}/u.test(password)) failed.push('digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) failed.push('special');
  if (blocklistCandidates(password).some((candidate) => blocklist.has(candidate))) failed.push('common_password');
  const name = foldUsername(username);
  if (name.length > 0 && containmentReadings(password).some((reading) => reading.includes(name))) failed.push('contains_username');
  return failed;
}

/** The one error for a weak password: reason `weak_password`, one violation per failed rule id. */
export function weakPasswordError(rules: PasswordRule[]): DomainError {
  const detail = `Password ${rules.map((rule) => RULE_DETAIL[rule]).join('; ')}.`;
  return new DomainError(
    'invalid_argument',
    detail,
    'weak_password',
    rules.map((rule) => ({ field: rule, message: RULE_DETAIL[rule] })),
    { field: 'password', rules },
  );
}

export function assertStrongPassword(password: string, username: string, blocklist: Blocklist): void {
  const failed = passwordViolations(password, username, blocklist);
  if (failed.length > 0) throw weakPasswordError(failed);
}

/**
 * One error out of several refusals of the same request, so that every failed field is named at
 * once (api-contract.md section 2): reason `validation_failed`, a violation per failed field, and
 * the password's rule ids in `details.violations` when a weak password is among them.
 */
export function combinedRefusal(errors: DomainError[]): DomainError {
  const violations: FieldViolation[] = errors.flatMap((error) => (error.reason === 'weak_password' ? [{ field: 'password', message: error.message }] : error.violations));
  const rules = errors.flatMap((error) => (error.reason === 'weak_password' ? error.violations.map((v) => v.field) : []));
  return new DomainError('invalid_argument', errors.map((error) => error.message).join(' '), 'validation_failed', violations, rules.length > 0 ? { violations: rules } : {});
}
