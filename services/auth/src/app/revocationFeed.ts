import { revocationFactsOf, type RevocationView } from '@qilbee/tokens';

/**
 * Applies a chunk of security.auth.v1 records to this instance's revocation view, and tells the
 * caller when a signing key was rotated (so verifiers reload the key set before they meet it).
 */
export function applyRevocationRecords(view: RevocationView, values: Array<string | null>): { facts: number; keyRotated: boolean } {
  let facts = 0;
  let keyRotated = false;
  for (const value of values) {
    const found = revocationFactsOf(value);
    view.applyAll(found);
    facts += found.length;
    if (value !== null && value.includes('"signing_key_rotated"')) keyRotated = true;
  }
  return { facts, keyRotated };
}
