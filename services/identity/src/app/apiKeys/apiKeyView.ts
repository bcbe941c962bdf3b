import { keyStatus, type IssuedApiKey } from '../../domain/apiKey/apiKeyState';

/** An API key as listed: never the secret, never its hash. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  name: string;
  userId: string;
  createdAtMs: number;
  expiresAtMs: number | null;
  lastUsedMs: number | null;
  isActive: boolean;
  permissions: string[];
  status: 'active' | 'revoked' | 'expired' | 'grace';
  /** Until when a rotated key keeps working (status `grace`). */
  graceUntilMs: number | null;
}

export function toApiKeyView(key: IssuedApiKey, nowMs: number, lastUsedMs: number | null = null): ApiKeyView {
  const status = keyStatus(key, nowMs);
  return {
    id: key.keyId,
    prefix: key.prefix,
    name: key.name,
    userId: key.userId,
    createdAtMs: key.createdAtMs,
    expiresAtMs: key.expiresAtMs,
    lastUsedMs,
    isActive: status === 'active' || status === 'grace',
    permissions: [...key.permissions],
    status,
    graceUntilMs: key.stage === 'Rotated' ? key.graceUntilMs : null,
  };
}
