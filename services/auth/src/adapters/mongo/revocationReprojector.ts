import { fold, type EventStore, type Reprojectable } from '@qilbee/event-store';
import { refreshFamilyDecider } from '../../domain/refreshFamily';
import { userTokensDecider } from '../../domain/userTokens/userTokens';
import type { RevocationStore } from '../../app/ports/revocationStore';
import { FAMILY_PREFIX } from '../../app/sessions';
import { USER_TOKENS_PREFIX } from '../../app/revokeAllForUser';
import type { RevocationFact } from '@qilbee/tokens';

/**
 * For the projection sweeper: re-derives the revocations of a stream whose commit was appended but
 * not projected (the process died in between), so the revocation list is never missing one.
 */
export function revocationReprojectors(store: EventStore, revocations: RevocationStore): Reprojectable[] {
  return [
    {
      definition: { streamPrefix: FAMILY_PREFIX },
      async reproject(streamId) {
        const state = fold(refreshFamilyDecider, await store.readStream(streamId));
        if (state.stage === 'None') return;
        await revocations.save(state.accessTokens.filter((a) => a.revoked).map((a): RevocationFact => ({ kind: 'token', jti: a.jti, expiresAtMs: a.expiresAtMs })));
      },
    },
    {
      definition: { streamPrefix: USER_TOKENS_PREFIX },
      async reproject(streamId) {
        const state = fold(userTokensDecider, await store.readStream(streamId));
        if (state.notBeforeMs !== null) await revocations.save([{ kind: 'user', userId: streamId.slice(USER_TOKENS_PREFIX.length), notBeforeMs: state.notBeforeMs }]);
      },
    },
  ];
}
