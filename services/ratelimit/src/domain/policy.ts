import { DomainError, type FieldViolation } from '@qilbee/kernel';

/** QilbeeDB's endpoint types (api-contract.md section 3); Custom carries a path. */
export const ENDPOINT_TYPES = ['Login', 'ApiKeyCreation', 'UserManagement', 'GeneralApi', 'Custom'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

/** Bounds that keep limit * window (in ms) below 2^53, so bucket math stays exact. */
export const POLICY_LIMITS = {
  nameMaxLength: 128,
  customPathMaxLength: 512,
  maxRequests: 1_000_000,
  windowSecs: 7 * 24 * 3600,
  overridesMax: 1000,
  overrideSubjectMaxLength: 256,
} as const;

export interface SubjectOverride {
  subject: string;
  maxRequests: number;
}

/** Everything an admin can set on a policy. */
export interface PolicySettings {
  name: string;
  endpointType: EndpointType;
  /** Only for Custom; '' otherwise. */
  customPath: string;
  maxRequests: number;
  windowSecs: number;
  enabled: boolean;
  /** Per-subject limits that replace maxRequests for that subject (a list: subjects contain dots). */
  overrides: SubjectOverride[];
  /** When the shared store is unreachable: true lets local buckets decide, false rejects. */
  failOpen: boolean;
}

export interface PolicyRecord extends PolicySettings {
  id: string;
  createdAtMs: number;
  updatedAtMs: number;
  createdBy: string;
}

/** Unvalidated input as it arrives from a transport. */
export interface PolicyInput {
  name: string;
  endpointType: string;
  customPath: string;
  maxRequests: number;
  windowSecs: number;
  enabled: boolean;
  overrides: SubjectOverride[];
  failOpen: boolean;
}

export function isEndpointType(value: string): value is EndpointType {
  return (ENDPOINT_TYPES as readonly string[]).includes(value);
}

/** Every rule the input breaks, one violation per failed field (never only the first). */
export function policyViolations(input: PolicyInput): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const name = input.name.trim();
  if (name.length === 0) violations.push({ field: 'name', message: 'name must not be empty' });
  if (name.length > POLICY_LIMITS.nameMaxLength) violations.push({ field: 'name', message: `name must be at most ${POLICY_LIMITS.nameMaxLength} characters` });
  if (!isEndpointType(input.endpointType)) {
    violations.push({ field: 'endpoint_type', message: `endpoint_type must be one of ${ENDPOINT_TYPES.join(', ')}` });
  }
  violations.push(...customPathViolations(input));
  if (!isIntegerIn(input.maxRequests, 1, POLICY_LIMITS.maxRequests)) {
    violations.push({ field: 'max_requests', message: `max_requests must be an integer from 1 to ${POLICY_LIMITS.maxRequests}` });
  }
  if (!isIntegerIn(input.windowSecs, 1, POLICY_LIMITS.windowSecs)) {
    violations.push({ field: 'window_secs', message: `window_secs must be an integer from 1 to ${POLICY_LIMITS.windowSecs}` });
  }
  violations.push(...overrideViolations(input.overrides));
  return violations;
}

function customPathViolations(input: PolicyInput): FieldViolation[] {
  const path = input.customPath;
  if (input.endpointType !== 'Custom') {
    return path === '' ? [] : [{ field: 'custom_path', message: 'custom_path is only allowed with endpoint_type Custom' }];
  }
  if (!path.startsWith('/')) return [{ field: 'custom_path', message: "custom_path must start with '/'" }];
  if (path.length > POLICY_LIMITS.customPathMaxLength) {
    return [{ field: 'custom_path', message: `custom_path must be at most ${POLICY_LIMITS.customPathMaxLength} characters` }];
  }
  if (/[\s?#]/.test(path)) return [{ field: 'custom_path', message: 'custom_path must not contain whitespace, ? or #' }];
  return [];
}

function overrideViolations(overrides: SubjectOverride[]): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (overrides.length > POLICY_LIMITS.overridesMax) {
    violations.push({ field: 'overrides', message: `at most ${POLICY_LIMITS.overridesMax} overrides` });
  }
  for (const override of overrides) {
    const field = `overrides[${override.subject}]`;
    if (override.subject.length === 0 || override.subject.length > POLICY_LIMITS.overrideSubjectMaxLength) {
      violations.push({ field, message: `override subject must have 1 to ${POLICY_LIMITS.overrideSubjectMaxLength} characters` });
    }
    if (!isIntegerIn(override.maxRequests, 1, POLICY_LIMITS.maxRequests)) {
      violations.push({ field, message: `override limit must be an integer from 1 to ${POLICY_LIMITS.maxRequests}` });
    }
  }
  return violations;
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Validates and normalises input (trimmed name, Custom path without a trailing slash). */
export function toSettings(input: PolicyInput): PolicySettings {
  const violations = policyViolations(input);
  if (violations.length > 0) {
    const detail = violations.map((v) => `${v.field}: ${v.message}`).join('; ');
    throw new DomainError('invalid_argument', `invalid rate-limit policy: ${detail}`, 'invalid_policy', violations);
  }
  return {
    name: input.name.trim(),
    endpointType: input.endpointType as EndpointType,
    customPath: input.endpointType === 'Custom' ? normalizePath(input.customPath) : '',
    maxRequests: input.maxRequests,
    windowSecs: input.windowSecs,
    enabled: input.enabled,
    overrides: input.overrides.map((o) => ({ subject: o.subject, maxRequests: o.maxRequests })),
    failOpen: input.failOpen,
  };
}

/** '/api/x/' and '/api/x' are the same prefix; '/' stays '/'. */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The limit for a subject: its override if there is one, else the policy's max_requests. */
export function limitFor(policy: PolicySettings, subject: string): number {
  for (const override of policy.overrides) if (override.subject === subject) return override.maxRequests;
  return policy.maxRequests;
}
