import type { DomainError, FieldViolation } from '@qilbee/kernel';
import { HTTP_STATUS_BY_CODE, problem, type Problem } from './problems';

/** Password policy rule ids (api-contract.md section 7). */
export const PASSWORD_RULES = ['min_length', 'uppercase', 'lowercase', 'digit', 'special', 'common_password', 'contains_username'] as const;
const RULE_SET: ReadonlySet<string> = new Set(PASSWORD_RULES);

/** Identity may name a broken rule in `field` or in `message`; the client gets the rule id. */
function ruleIds(violations: readonly FieldViolation[], details: Record<string, unknown>): string[] {
  const fromDetails = Array.isArray(details.violations) ? details.violations.filter((v): v is string => typeof v === 'string') : [];
  const fromViolations = violations.map((v) => (RULE_SET.has(v.field) ? v.field : RULE_SET.has(v.message) ? v.message : v.field));
  return [...new Set([...fromDetails, ...fromViolations])];
}

/** Details that are safe to show: plain JSON values a service chose to attach. Never a stack. */
function publicDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (['type', 'title', 'status', 'detail', 'code', 'error', 'violations', 'errors'].includes(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value) || Array.isArray(value)) out[key] = value;
  }
  return out;
}

/**
 * A DomainError as problem+json: status from the one table, `code` = the stable reason.
 * Password policy failures list rule ids in `violations`; other field failures list `errors`
 * (with `violations` too when the password policy failed among them).
 */
export function domainErrorToProblem(error: DomainError): Problem {
  const status = HTTP_STATUS_BY_CODE[error.code];
  const extensions: Record<string, unknown> = publicDetails(error.details);
  if (error.reason === 'weak_password') {
    const violations = ruleIds(error.violations, error.details);
    const detail = error.message || error.violations.map((v) => v.message).join('; ');
    return problem(status, error.reason, detail, { ...extensions, violations });
  }
  if (error.violations.length > 0) extensions.errors = error.violations.map((v) => ({ field: v.field, message: v.message }));
  // Several refusals at once, the password policy among them: its rule ids ride along too.
  const rules = ruleIds([], error.details).filter((rule) => RULE_SET.has(rule));
  if (rules.length > 0) extensions.violations = rules;
  return problem(status, error.reason || error.code, error.message, extensions);
}
