/**
 * Identity's password policy as /openapi.json states it (identity enforces it and answers 400
 * weak_password). The character classes are written in ASCII so that every client's regex engine
 * reads the pattern; identity also counts non-ASCII letters and digits.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_POLICY_PATTERN = '^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9])';
