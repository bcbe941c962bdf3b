import { uuidv7 } from '@qilbee/kernel';
import { issuedAtMs } from './accessTokenClaims';
import { revocationFactsOf } from './revocationFacts';
import { RevocationView } from './revocationView';

const JAN_1 = Date.UTC(2026, 0, 1, 0, 0, 0, 500);

describe('revocation view', () => {
  it('revokes by token id until the token would have expired anyway', () => {
    const view = new RevocationView();
    view.apply({ kind: 'token', jti: 'j1', expiresAtMs: JAN_1 + 60_000 });
    expect(view.isRevoked({ jti: 'j1', sub: 'u', iat: 0 })).toBe(true);
    expect(view.pruneExpired(JAN_1 + 59_000)).toBe(0);
    expect(view.pruneExpired(JAN_1 + 60_000)).toBe(1);
    expect(view.size).toEqual({ tokens: 0, users: 0 });
  });

  it('revoke-all kills tokens issued before the instant, not one issued a few ms later in the same second', () => {
    const view = new RevocationView();
    const iat = Math.floor(JAN_1 / 1000);
    view.apply({ kind: 'user', userId: 'u', notBeforeMs: JAN_1 });
    expect(view.isRevoked({ jti: uuidv7(JAN_1 - 100), sub: 'u', iat })).toBe(true);
    expect(view.isRevoked({ jti: uuidv7(JAN_1 + 100), sub: 'u', iat })).toBe(false);
    expect(view.isRevoked({ jti: uuidv7(JAN_1 - 100), sub: 'other', iat })).toBe(false);
  });

  it('is order-free: an older fact never shortens a newer one', () => {
    const view = new RevocationView();
    view.apply({ kind: 'user', userId: 'u', notBeforeMs: JAN_1 + 5000 });
    view.apply({ kind: 'user', userId: 'u', notBeforeMs: JAN_1 });
    expect(view.userNotBeforeMs('u')).toBe(JAN_1 + 5000);
  });

  it('takes the issue time from a UUIDv7 jti only when it agrees with iat', () => {
    const ms = Date.UTC(2031, 0, 1, 0, 0, 0, 250); // later than any id made before: uuidv7 is monotonic per process
    expect(issuedAtMs({ jti: uuidv7(ms), iat: Math.floor(ms / 1000) })).toBe(ms);
    expect(issuedAtMs({ jti: uuidv7(ms), iat: Math.floor(ms / 1000) + 100 })).toBe((Math.floor(ms / 1000) + 100) * 1000);
    expect(issuedAtMs({ jti: 'not-a-uuid', iat: 5 })).toBe(5000);
  });
});

describe('revocation facts on security.auth.v1', () => {
  const event = (data: unknown) => JSON.stringify({ specversion: '1.0', data });

  it('reads the single and the session-wide facts of revoking events only', () => {
    expect(revocationFactsOf(event({ event_type: 'logout', metadata: { revocation: { jti: 'j1', expires_at: 100 }, revocations: [{ jti: 'j2', expires_at: 200 }] } }))).toEqual([
      { kind: 'token', jti: 'j1', expiresAtMs: 100_000 },
      { kind: 'token', jti: 'j2', expiresAtMs: 200_000 },
    ]);
    expect(revocationFactsOf(event({ event_type: 'all_tokens_revoked', metadata: { revocation: { user_id: 'u', not_before: 10, not_before_ms: 10_250 } } }))).toEqual([{ kind: 'user', userId: 'u', notBeforeMs: 10_250 }]);
    expect(revocationFactsOf(event({ event_type: 'login', metadata: { revocation: { jti: 'j', expires_at: 1 } } }))).toEqual([]);
  });

  it('ignores garbage instead of throwing', () => {
    for (const value of [null, 'not json', '[]', event(null), event({ event_type: 'logout', metadata: { revocation: { jti: 5 } } })]) expect(revocationFactsOf(value)).toEqual([]);
  });
});
