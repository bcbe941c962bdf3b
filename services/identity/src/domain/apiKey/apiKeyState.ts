import { assertNever } from '@qilbee/kernel';
import type { ApiKeyEvent, ApiKeyIssuedData } from './apiKeyEvents';

export type ApiKeyDetails = Omit<ApiKeyIssuedData, 'atMs'> & { createdAtMs: number };

/** Lifecycle stages of a key. `Rotated` keys still work until `graceUntilMs`. */
export type ApiKeyState =
  | { stage: 'Unissued' }
  | ({ stage: 'Active' } & ApiKeyDetails)
  | ({ stage: 'Rotated'; replacedByKeyId: string; graceUntilMs: number; rotatedAtMs: number } & ApiKeyDetails)
  | ({ stage: 'Revoked'; revokedAtMs: number } & ApiKeyDetails)
  | ({ stage: 'Expired'; expiredAtMs: number } & ApiKeyDetails);

export type IssuedApiKey = Exclude<ApiKeyState, { stage: 'Unissued' }>;

export const initialApiKeyState: ApiKeyState = { stage: 'Unissued' };

function detailsOf(state: IssuedApiKey): ApiKeyDetails {
  const { keyId, userId, name, prefix, secretHash, permissions, createdAtMs, expiresAtMs, rotatedFromKeyId } = state;
  return { keyId, userId, name, prefix, secretHash, permissions, createdAtMs, expiresAtMs, rotatedFromKeyId };
}

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  if (event.type === 'ApiKeyIssued') {
    const { atMs, ...rest } = event.data;
    return { stage: 'Active', ...rest, permissions: [...rest.permissions], createdAtMs: atMs };
  }
  if (state.stage === 'Unissued') return state;
  const details = detailsOf(state);
  switch (event.type) {
    case 'ApiKeyRotated':
      return { stage: 'Rotated', ...details, replacedByKeyId: event.data.replacedByKeyId, graceUntilMs: event.data.graceUntilMs, rotatedAtMs: event.data.atMs };
    case 'ApiKeyRevoked':
      return { stage: 'Revoked', ...details, revokedAtMs: event.data.atMs };
    case 'ApiKeyExpired':
      return { stage: 'Expired', ...details, expiredAtMs: event.data.atMs };
    default:
      return assertNever(event);
  }
}

/** What a key is worth at a moment, independent of its owner. */
export type KeyStanding = 'valid' | 'revoked' | 'expired';

export function keyStanding(state: IssuedApiKey, nowMs: number): KeyStanding {
  switch (state.stage) {
    case 'Revoked':
      return 'revoked';
    case 'Expired':
      return 'expired';
    case 'Rotated':
      if (state.expiresAtMs !== null && nowMs >= state.expiresAtMs) return 'expired';
      return nowMs < state.graceUntilMs ? 'valid' : 'revoked';
    case 'Active':
      return state.expiresAtMs !== null && nowMs >= state.expiresAtMs ? 'expired' : 'valid';
    default:
      return assertNever(state);
  }
}

/** The listing status (identity.proto ApiKey.status). */
export function keyStatus(state: IssuedApiKey, nowMs: number): 'active' | 'revoked' | 'expired' | 'grace' {
  const standing = keyStanding(state, nowMs);
  if (standing !== 'valid') return standing;
  return state.stage === 'Rotated' ? 'grace' : 'active';
}
