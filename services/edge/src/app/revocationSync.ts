import type { AuthPort } from './ports';
import type { RevocationView } from './revocationView';

/** Rebuilds the revocation view from auth (at start, and periodically as a safety net). */
export async function syncRevocations(auth: Pick<AuthPort, 'listRevocations'>, view: RevocationView): Promise<number> {
  const response = await auth.listRevocations({});
  for (const r of response.revocations) {
    if (r.jti) view.apply({ kind: 'token', jti: r.jti, expiresAtSeconds: r.expiresAt });
    else if (r.userId) view.apply({ kind: 'user', userId: r.userId, notBeforeMs: r.notBeforeMs || r.notBefore * 1000 });
  }
  view.prune();
  return response.revocations.length;
}
