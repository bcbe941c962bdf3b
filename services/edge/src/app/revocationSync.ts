import type { Clock } from '@qilbee/kernel';
import type { RevocationView } from '@qilbee/tokens';
import type { AuthPort } from './ports';

/** Rebuilds the revocation view from auth (at start, and periodically as a safety net). */
export async function syncRevocations(auth: Pick<AuthPort, 'listRevocations'>, view: RevocationView, clock: Clock): Promise<number> {
  const response = await auth.listRevocations({});
  for (const r of response.revocations) {
    if (r.jti) view.apply({ kind: 'token', jti: r.jti, expiresAtMs: r.expiresAt * 1000 });
    else if (r.userId) view.apply({ kind: 'user', userId: r.userId, notBeforeMs: r.notBeforeMs || r.notBefore * 1000 });
  }
  view.pruneExpired(clock.nowMs());
  return response.revocations.length;
}
