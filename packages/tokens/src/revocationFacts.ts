import type { RevocationFact } from './revocationView';

const REVOKING_EVENT_TYPES = new Set(['token_revoked', 'logout', 'token_refresh_reuse_detected', 'all_tokens_revoked']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toFact(raw: unknown): RevocationFact | undefined {
  if (!isObject(raw)) return undefined;
  if (typeof raw.jti === 'string' && typeof raw.expires_at === 'number') {
    return { kind: 'token', jti: raw.jti, expiresAtMs: raw.expires_at * 1000 };
  }
  if (typeof raw.user_id === 'string' && typeof raw.not_before === 'number') {
    const notBeforeMs = typeof raw.not_before_ms === 'number' ? raw.not_before_ms : raw.not_before * 1000;
    return { kind: 'user', userId: raw.user_id, notBeforeMs };
  }
  return undefined;
}

/**
 * The revocation facts in one security.auth.v1 record (a CloudEvent JSON string): the
 * `data.metadata.revocation` object, plus `data.metadata.revocations` when one action revoked
 * several tokens (a whole login session). Anything else yields nothing.
 */
export function revocationFactsOf(value: string | null): RevocationFact[] {
  if (value === null) return [];
  let event: unknown;
  try {
    event = JSON.parse(value);
  } catch {
    return [];
  }
  if (!isObject(event) || !isObject(event.data) || !REVOKING_EVENT_TYPES.has(String(event.data.event_type))) return [];
  const metadata = event.data.metadata;
  if (!isObject(metadata)) return [];
  const raws = [metadata.revocation, ...(Array.isArray(metadata.revocations) ? metadata.revocations : [])];
  return raws.map(toFact).filter((fact): fact is RevocationFact => fact !== undefined);
}
