import { fold } from '@qilbee/event-store';
import { classifyRefresh, refreshFamilyDecider, type RefreshFamilyCommand, type RefreshFamilyEvent } from './index';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 24 * 3600_000;

function run(history: RefreshFamilyEvent[], command: RefreshFamilyCommand) {
  const events = refreshFamilyDecider.decide(command, fold(refreshFamilyDecider, history));
  return { events, history: [...history, ...events], state: fold(refreshFamilyDecider, [...history, ...events]) };
}

const started = run([], { type: 'StartFamily', familyId: 'f1', userId: 'u1', username: 'alice', nowMs: T0, tokenHash: 'h1', refreshExpiresAtMs: T0 + 7 * DAY, access: { jti: 'a1', expiresAtMs: T0 + 900_000 } });

function rotate(history: RefreshFamilyEvent[], presentedHash: string, n: number, presentedAccessJti: string | null = null, nowMs = T0 + n * 1000) {
  return run(history, { type: 'RotateRefreshToken', presentedHash, presentedAccessJti, nowMs, tokenHash: `h${n}`, refreshExpiresAtMs: nowMs + 7 * DAY, access: { jti: `a${n}`, expiresAtMs: nowMs + 900_000 } });
}

describe('refresh token family', () => {
  it('rotates: the presented latest token yields generation 2', () => {
    const { events } = rotate(started.history, 'h1', 2);
    expect(events).toEqual([expect.objectContaining({ type: 'RefreshTokenRotated', data: expect.objectContaining({ generation: 2, tokenHash: 'h2', benignReuseOfGeneration: null }) })]);
  });

  it('detects reuse of a rotated token and revokes the family with its live access tokens', () => {
    const second = rotate(started.history, 'h1', 2);
    const reused = rotate(second.history, 'h1', 3);
    expect(reused.events).toEqual([
      { type: 'RefreshTokenReuseDetected', data: { atMs: T0 + 3000, presentedGeneration: 1, revokedAccessTokens: [{ jti: 'a1', expiresAtMs: T0 + 900_000 }, { jti: 'a2', expiresAtMs: T0 + 2000 + 900_000 }] } },
    ]);
    expect(reused.state.stage).toBe('Revoked');
    // Afterwards even the latest token is dead.
    expect(rotate(reused.history, 'h2', 4).events).toEqual([]);
    expect(classifyRefresh(reused.state, 'h2', null, T0 + 4000)).toBe('revoked');
  });

  it('treats an old token sent with the latest generation access token as benign (QilbeeDB SDK) and rotates again', () => {
    const second = rotate(started.history, 'h1', 2);
    const sdk = rotate(second.history, 'h1', 3, 'a2');
    expect(sdk.events).toEqual([expect.objectContaining({ type: 'RefreshTokenRotated', data: expect.objectContaining({ generation: 3, benignReuseOfGeneration: 1 }) })]);
    // And again with the newest access token: the SDK keeps working indefinitely.
    expect(rotate(sdk.history, 'h1', 4, 'a3').events[0]?.type).toBe('RefreshTokenRotated');
  });

  it('still detects reuse when the old token comes with an access token of an older generation', () => {
    const third = rotate(rotate(started.history, 'h1', 2).history, 'h2', 3);
    expect(rotate(third.history, 'h1', 4, 'a2').events[0]?.type).toBe('RefreshTokenReuseDetected');
  });

  it('still detects reuse when the latest access token has expired or was revoked', () => {
    const second = rotate(started.history, 'h1', 2);
    expect(rotate(second.history, 'h1', 3, 'a2', T0 + 2000 + 900_001).events[0]?.type).toBe('RefreshTokenReuseDetected');
    const revoked = run(second.history, { type: 'RevokeAccessToken', jti: 'a2', nowMs: T0 + 2500 });
    expect(rotate(revoked.history, 'h1', 3, 'a2').events[0]?.type).toBe('RefreshTokenReuseDetected');
  });

  it('refuses an expired refresh token without revoking anything', () => {
    expect(classifyRefresh(started.state, 'h1', null, T0 + 8 * DAY)).toBe('expired');
    expect(rotate(started.history, 'h1', 2, null, T0 + 8 * DAY).events).toEqual([]);
  });

  it('ignores a token it never issued', () => {
    expect(classifyRefresh(started.state, 'nope', null, T0)).toBe('unknown');
    expect(rotate(started.history, 'nope', 2).events).toEqual([]);
  });

  it('revokes the family once (logout is idempotent)', () => {
    const out = run(started.history, { type: 'RevokeFamily', reason: 'logout', nowMs: T0 + 1000 });
    expect(out.events).toEqual([{ type: 'RefreshFamilyRevoked', data: { atMs: T0 + 1000, reason: 'logout', revokedAccessTokens: [{ jti: 'a1', expiresAtMs: T0 + 900_000 }] } }]);
    expect(run(out.history, { type: 'RevokeFamily', reason: 'logout', nowMs: T0 + 2000 }).events).toEqual([]);
  });

  it('revokes a single access token once', () => {
    const once = run(started.history, { type: 'RevokeAccessToken', jti: 'a1', nowMs: T0 + 1 });
    expect(once.events.map((e) => e.type)).toEqual(['AccessTokenRevoked']);
    expect(run(once.history, { type: 'RevokeAccessToken', jti: 'a1', nowMs: T0 + 2 }).events).toEqual([]);
  });
});
