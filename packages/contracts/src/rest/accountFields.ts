/**
 * The account fields' wire rules, shared by the edge (which validates and documents them in
 * /openapi.json) and identity (which enforces them). Written as flagless ASCII regular
 * expressions so that the same text is a valid JSON Schema `pattern` for any client.
 */

/**
 * New usernames: 3-64 ASCII letters, digits and `._@-`, starting with a letter or digit. ASCII
 * only, so that no new name can imitate another with look-alike letters (Cyrillic `а` for `a`).
 */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$';

/** Custom role names: a letter, then 1-63 letters, digits, `_` or `-`. */
export const ROLE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{1,63}$';

/**
 * What JavaScript's `\s` matches, spelled out for a character class: other engines' `\s` differs
 * (Python's also matches \x1c-\x1f, not \ufeff), so documented patterns never use `\s` or `\d`.
 */
export const WHITESPACE_CHARACTERS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** Deliberately simple: one `@`, a dot in the domain, no spaces. Real proof is a confirmation mail. */
export const EMAIL_PATTERN = `^[^${WHITESPACE_CHARACTERS}@]{1,64}@[^${WHITESPACE_CHARACTERS}@]{1,255}\\.[^${WHITESPACE_CHARACTERS}@]{2,63}$`;
