/**
 * How the blocklist check sees a password (api-contract.md section 7): case folded, common
 * look-alike substitutions undone, and leading/trailing digits and symbols stripped, so that
 * `P@ssw0rd1234` and `Password123!` are both recognised as `password`.
 */
const SUBSTITUTIONS: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
  '+': 't',
  '8': 'b',
  '9': 'g',
  '!': 'i',
  '|': 'l',
};

/** `1` reads as either `l` or `i`; both readings are tried. */
const ONE_READINGS = ['l', 'i'];

/** Cores shorter than this are not looked up: stripping would otherwise match single letters. */
const MIN_CORE_LENGTH = 3;

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function stripEdges(text: string): string {
  return text.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
}

function substitute(text: string, one: string): string {
  let out = '';
  for (const char of text) out += char === '1' ? one : (SUBSTITUTIONS[char] ?? char);
  return out;
}

/** Every reading of `password` to look up in the (lower-cased) blocklist. */
export function blocklistCandidates(password: string): string[] {
  const folded = fold(password);
  const stripped = stripEdges(folded);
  const candidates = new Set<string>([folded]);
  if (stripped.length >= MIN_CORE_LENGTH) candidates.add(stripped);
  for (const one of ONE_READINGS) {
    for (const base of [folded, stripped]) {
      const substituted = substitute(base, one);
      const core = stripEdges(substituted);
      if (substituted.length >= MIN_CORE_LENGTH) candidates.add(substituted);
      if (core.length >= MIN_CORE_LENGTH) candidates.add(core);
    }
  }
  return [...candidates];
}

/** Readings of the password used for the "contains the username" rule. */
export function containmentReadings(password: string): string[] {
  const folded = fold(password);
  return [folded, ...ONE_READINGS.map((one) => substitute(folded, one))];
}

export function foldUsername(username: string): string {
  return fold(username);
}
