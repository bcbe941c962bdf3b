import { ManualClock, uuidv7 } from '@qilbee/kernel';
import { issuedAtMs, RevocationView } from './revocationView';

describe('revocation view', () => {
  it('revokes by token id until the token expires', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const view = new RevocationView(clock);
    view.apply({ kind: 'token', jti: 'j1', expiresAtSeconds: clock.nowMs() / 1000 + 60 });
    expect(view.isRevoked({ jti: 'j1', sub: 'u', iatSeconds: 0 })).toBe(true);
    clock.advance(61_000);
    view.prune();
    expect(view.size).toBe(0);
  });

  it('revoke-all kills tokens issued before the instant, not one issued a few ms later in the same second', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 500));
    const view = new RevocationView(clock);
    const iat = Math.floor(clock.nowMs() / 1000);
    const before = uuidv7(clock.nowMs() - 100);
    const after = uuidv7(clock.nowMs() + 100);
    view.apply({ kind: 'user', userId: 'u', notBeforeMs: clock.nowMs() });
    expect(view.isRevoked({ jti: before, sub: 'u', iatSeconds: iat })).toBe(true);
    expect(view.isRevoked({ jti: after, sub: 'u', iatSeconds: iat })).toBe(false);
    expect(view.isRevoked({ jti: before, sub: 'other', iatSeconds: iat })).toBe(false);
  });

  it('takes the issue time from a UUIDv7 jti only when it agrees with iat', () => {
    const ms = Date.UTC(2031, 0, 1, 0, 0, 0, 250); // later than any id made before: uuidv7 is monotonic per process
    expect(issuedAtMs(uuidv7(ms), Math.floor(ms / 1000))).toBe(ms);
    expect(issuedAtMs(uuidv7(ms), Math.floor(ms / 1000) + 100)).toBe((Math.floor(ms / 1000) + 100) * 1000);
    expect(issuedAtMs('not-a-uuid', 5)).toBe(5000);
  });
});
