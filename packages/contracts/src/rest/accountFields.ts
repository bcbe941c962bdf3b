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

/** Deliberately simple: one `@`, a dot in the domain, no spaces. Real proof is a confirmation mail. */
export const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@]{1,255}\\.[^\\s@]{2,63}$';
