import type { Decider } from '@qilbee/event-store';

export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** A public key only: private key material never enters an event (it lives in the key vault). */
export interface PublicSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: Record<string, unknown>;
  activatedAtMs: number;
}

export type KeyRingEvent = { type: 'SigningKeyActivated'; data: PublicSigningKey & { previousKid: string | null } };

export interface KeyRingState {
  /** Oldest first; the last one signs. */
  keys: PublicSigningKey[];
}

export interface ActivateSigningKey {
  type: 'ActivateSigningKey';
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: Record<string, unknown>;
  nowMs: number;
  /** Scheduled rotation: only if the current key is at least this old (null: rotate now). */
  onlyIfOlderThanMs: number | null;
}

function decide(command: ActivateSigningKey, state: KeyRingState): KeyRingEvent[] {
  const current = state.keys[state.keys.length - 1];
  if (current && command.onlyIfOlderThanMs !== null && command.nowMs - current.activatedAtMs < command.onlyIfOlderThanMs) return [];
  if (state.keys.some((key) => key.kid === command.kid)) return [];
  const { kid, alg, publicJwk, nowMs } = command;
  return [{ type: 'SigningKeyActivated', data: { kid, alg, publicJwk, activatedAtMs: nowMs, previousKid: current?.kid ?? null } }];
}

function evolve(state: KeyRingState, event: KeyRingEvent): KeyRingState {
  const { previousKid: _previous, ...key } = event.data;
  return { keys: [...state.keys, key] };
}

export const keyRingDecider: Decider<ActivateSigningKey, KeyRingEvent, KeyRingState> = { decide, evolve, initialState: { keys: [] } };

/**
 * The keys a verifier must still accept: the current one, the one before it, and any older key
 * retired less than `overlapMs` ago (the longest an access token lives, plus skew), so that tokens
 * signed before a rotation stay valid until they expire even after several quick rotations.
 */
export function publishedKeys(state: KeyRingState, nowMs: number, overlapMs: number): PublicSigningKey[] {
  return state.keys.filter((key, index) => {
    const next = state.keys[index + 1];
    if (!next) return true;
    if (index === state.keys.length - 2) return true;
    return nowMs - next.activatedAtMs < overlapMs;
  });
}

export function currentKey(state: KeyRingState): PublicSigningKey | undefined {
  return state.keys[state.keys.length - 1];
}
