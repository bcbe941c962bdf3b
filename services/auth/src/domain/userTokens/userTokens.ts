import { assertNever } from '@qilbee/kernel';
import type { Decider } from '@qilbee/event-store';

export type RevokeAllReason = 'admin_revoke' | 'security_incident' | 'password_changed' | 'user_deactivated' | 'user_deleted' | 'roles_changed';

/** Facts about one user's token policy: a not-before that only moves forward. */
export type UserTokensEvent = {
  type: 'AllTokensRevoked';
  data: { userId: string; atMs: number; notBeforeMs: number; reason: RevokeAllReason; causationId: string | null; previouslyRevokedCount: number };
};

export interface UserTokensState {
  notBeforeMs: number | null;
  /** Ids of the identity events already applied: redelivery is harmless. */
  processedCausations: string[];
}

export interface RevokeAllTokens {
  type: 'RevokeAllTokens';
  userId: string;
  nowMs: number;
  /** When the cause happened (an identity event's time, or now for an admin). */
  notBeforeMs: number;
  reason: RevokeAllReason;
  causationId: string | null;
  /** Live sessions the caller counted (for the response); part of the fact, not decided here. */
  liveSessions: number;
}

function decide(command: RevokeAllTokens, state: UserTokensState): UserTokensEvent[] {
  if (command.causationId !== null && state.processedCausations.includes(command.causationId)) return [];
  const notBeforeMs = Math.max(state.notBeforeMs ?? 0, command.notBeforeMs);
  return [
    {
      type: 'AllTokensRevoked',
      data: { userId: command.userId, atMs: command.nowMs, notBeforeMs, reason: command.reason, causationId: command.causationId, previouslyRevokedCount: command.liveSessions },
    },
  ];
}

function evolve(state: UserTokensState, event: UserTokensEvent): UserTokensState {
  switch (event.type) {
    case 'AllTokensRevoked': {
      const processedCausations = event.data.causationId === null ? state.processedCausations : [...state.processedCausations, event.data.causationId];
      return { notBeforeMs: Math.max(state.notBeforeMs ?? 0, event.data.notBeforeMs), processedCausations };
    }
    default:
      return assertNever(event.type);
  }
}

export const userTokensDecider: Decider<RevokeAllTokens, UserTokensEvent, UserTokensState> = {
  decide,
  evolve,
  initialState: { notBeforeMs: null, processedCausations: [] },
};
