import { assertNever, DomainError } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';
import { isPermission } from '@qilbee/rbac';
import type { ApiKeyCommand, ApiKeyEvent } from './apiKeyEvents';
import { evolveApiKey, initialApiKeyState, keyStanding, type ApiKeyState, type IssuedApiKey } from './apiKeyState';

export const API_KEY_STREAM_PREFIX = 'apikey-';
export const MAX_API_KEY_NAME_LENGTH = 100;

export function apiKeyStreamId(keyId: string): string {
  return `${API_KEY_STREAM_PREFIX}${keyId}`;
}

function keyNotFound(): DomainError {
  return new DomainError('not_found', 'API key not found', 'api_key_not_found');
}

function assertIssuable(command: Extract<ApiKeyCommand, { type: 'IssueApiKey' }>): void {
  const name = command.name.trim();
  if (name.length === 0 || name.length > MAX_API_KEY_NAME_LENGTH) {
    throw new DomainError('invalid_argument', `name must be 1-${MAX_API_KEY_NAME_LENGTH} characters`, 'invalid_argument', [{ field: 'name', message: 'invalid name' }]);
  }
  const unknown = command.permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) {
    throw new DomainError('invalid_argument', `Unknown permissions: ${unknown.join(', ')}`, 'unknown_permission', unknown.map((p) => ({ field: 'permissions', message: `unknown permission ${p}` })));
  }
  const owned = new Set(command.ownerPermissions);
  const excess = command.permissions.filter((p) => !owned.has(p));
  if (excess.length > 0) {
    throw new DomainError('permission_denied', `A key cannot carry permissions its owner lacks: ${excess.join(', ')}`, 'permissions_exceed_owner', [], { excess });
  }
}

/** Rotation needs a key that works right now: not revoked, expired, or already rotated. */
function assertRotatable(state: IssuedApiKey, atMs: number): void {
  const standing = keyStanding(state, atMs);
  if (standing === 'revoked') throw new DomainError('failed_precondition', 'API key is revoked', 'api_key_revoked');
  if (standing === 'expired') throw new DomainError('failed_precondition', 'API key is expired', 'api_key_expired');
  if (state.stage === 'Rotated') throw new DomainError('failed_precondition', 'API key was already rotated', 'api_key_already_rotated');
}

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  if (command.type === 'IssueApiKey') {
    if (state.stage !== 'Unissued') throw new DomainError('already_exists', 'API key already exists', 'duplicate_api_key_id');
    assertIssuable(command);
    const { keyId, userId, prefix, secretHash, atMs, expiresAtMs, rotatedFromKeyId } = command;
    const permissions = [...new Set(command.permissions)].sort();
    return [{ type: 'ApiKeyIssued', data: { keyId, userId, name: command.name.trim(), prefix, secretHash, permissions, atMs, expiresAtMs, rotatedFromKeyId } }];
  }
  if (state.stage === 'Unissued') throw keyNotFound();
  switch (command.type) {
    case 'RotateApiKey': {
      assertRotatable(state, command.atMs);
      // The grace period never outlives the old key's own expiry.
      const graceUntilMs = Math.min(command.atMs + Math.max(command.graceMs, 0), state.expiresAtMs ?? Number.POSITIVE_INFINITY);
      return [{ type: 'ApiKeyRotated', data: { replacedByKeyId: command.replacedByKeyId, graceUntilMs, atMs: command.atMs } }];
    }
    case 'RevokeApiKey':
      // Revoking twice is a no-op, so a retried DELETE answers the same and records nothing new.
      if (state.stage === 'Revoked') return [];
      return [{ type: 'ApiKeyRevoked', data: { reason: command.reason, atMs: command.atMs } }];
    case 'ExpireApiKey':
      // A rotated key stopped working when its grace ended, which is never after its expiry.
      if (state.stage !== 'Active') return [];
      if (state.expiresAtMs === null || command.atMs < state.expiresAtMs) return [];
      return [{ type: 'ApiKeyExpired', data: { expiresAtMs: state.expiresAtMs, atMs: command.atMs } }];
    default:
      return assertNever(command);
  }
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: initialApiKeyState,
};
