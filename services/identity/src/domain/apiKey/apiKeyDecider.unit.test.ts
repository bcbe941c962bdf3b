import { deciderSpec } from '../../testing/deciderSpec';
import { apiKeyDecider } from './apiKeyDecider';
import type { ApiKeyCommand, ApiKeyEvent } from './apiKeyEvents';
import { evolveApiKey, initialApiKeyState, keyStanding, keyStatus, type IssuedApiKey } from './apiKeyState';

const spec = deciderSpec(apiKeyDecider);
const DAY = 86_400_000;
const issue: Extract<ApiKeyCommand, { type: 'IssueApiKey' }> = {
  type: 'IssueApiKey',
  keyId: 'k1',
  userId: 'u1',
  name: 'ci',
  prefix: 'qilbee_live_abcdef',
  secretHash: 'hmac',
  permissions: ['GraphRead'],
  ownerPermissions: ['GraphRead', 'NodeRead'],
  expiresAtMs: 10 * DAY,
  rotatedFromKeyId: null,
  atMs: 0,
};
const issued: ApiKeyEvent = {
  type: 'ApiKeyIssued',
  data: { keyId: 'k1', userId: 'u1', name: 'ci', prefix: 'qilbee_live_abcdef', secretHash: 'hmac', permissions: ['GraphRead'], atMs: 0, expiresAtMs: 10 * DAY, rotatedFromKeyId: null },
};
const stateOf = (events: ApiKeyEvent[]) => events.reduce(evolveApiKey, initialApiKeyState) as IssuedApiKey;

describe('ApiKey decider', () => {
  it('issue: records the keyed hash and the permission subset', () => {
    spec([]).when(issue).then([issued]);
  });

  it('issue: a key with more permissions than its owner is refused', () => {
    spec([]).when({ ...issue, permissions: ['GraphRead', 'UserDelete'] }).thenThrows({ code: 'permission_denied', reason: 'permissions_exceed_owner' });
  });

  it('issue: unknown permissions and empty names are invalid', () => {
    spec([]).when({ ...issue, permissions: ['Everything'] }).thenThrows({ code: 'invalid_argument', reason: 'unknown_permission' });
    spec([]).when({ ...issue, name: '  ' }).thenThrows({ code: 'invalid_argument' });
  });

  it('rotate: grace period keeps the old key valid until it ends, then it counts as revoked', () => {
    const rotated = spec([issued]).when({ type: 'RotateApiKey', replacedByKeyId: 'k2', graceMs: 60_000, atMs: DAY }).events();
    expect(rotated).toEqual([{ type: 'ApiKeyRotated', data: { replacedByKeyId: 'k2', graceUntilMs: DAY + 60_000, atMs: DAY } }]);
    const state = stateOf([issued, ...rotated]);
    expect(keyStanding(state, DAY + 59_999)).toBe('valid');
    expect(keyStatus(state, DAY + 59_999)).toBe('grace');
    expect(keyStanding(state, DAY + 60_000)).toBe('revoked');
  });

  it('rotate: the grace period never outlives the old key expiry', () => {
    spec([issued]).when({ type: 'RotateApiKey', replacedByKeyId: 'k2', graceMs: 30 * DAY, atMs: 9 * DAY }).then([
      { type: 'ApiKeyRotated', data: { replacedByKeyId: 'k2', graceUntilMs: 10 * DAY, atMs: 9 * DAY } },
    ]);
  });

  it('rotate: zero grace revokes the old key at once', () => {
    const events = [issued, ...spec([issued]).when({ type: 'RotateApiKey', replacedByKeyId: 'k2', graceMs: 0, atMs: DAY }).events()];
    expect(keyStanding(stateOf(events), DAY)).toBe('revoked');
  });

  it('revoke during grace: the old key stops working at once', () => {
    const rotated: ApiKeyEvent = { type: 'ApiKeyRotated', data: { replacedByKeyId: 'k2', graceUntilMs: DAY + 60_000, atMs: DAY } };
    const revoked = spec([issued, rotated]).when({ type: 'RevokeApiKey', reason: 'revoked', atMs: DAY + 1 }).events();
    expect(revoked).toEqual([{ type: 'ApiKeyRevoked', data: { reason: 'revoked', atMs: DAY + 1 } }]);
    expect(keyStanding(stateOf([issued, rotated, ...revoked]), DAY + 2)).toBe('revoked');
  });

  it('rotate: a revoked, expired or already rotated key cannot be rotated', () => {
    const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { reason: 'revoked', atMs: 1 } };
    const rotated: ApiKeyEvent = { type: 'ApiKeyRotated', data: { replacedByKeyId: 'k2', graceUntilMs: DAY * 2, atMs: DAY } };
    spec([issued, revoked]).when({ type: 'RotateApiKey', replacedByKeyId: 'k3', graceMs: 0, atMs: 2 }).thenThrows({ reason: 'api_key_revoked' });
    spec([issued]).when({ type: 'RotateApiKey', replacedByKeyId: 'k3', graceMs: 0, atMs: 10 * DAY }).thenThrows({ reason: 'api_key_expired' });
    spec([issued, rotated]).when({ type: 'RotateApiKey', replacedByKeyId: 'k3', graceMs: 0, atMs: DAY + 1 }).thenThrows({ reason: 'api_key_already_rotated' });
  });

  it('revoke: twice is a no-op; unknown keys are not_found', () => {
    const revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { reason: 'revoked', atMs: 1 } };
    spec([issued, revoked]).when({ type: 'RevokeApiKey', reason: 'revoked', atMs: 2 }).then([]);
    spec([]).when({ type: 'RevokeApiKey', reason: 'revoked', atMs: 2 }).thenThrows({ code: 'not_found' });
  });

  it('expire: only once the expiry has passed, and only once', () => {
    spec([issued]).when({ type: 'ExpireApiKey', atMs: 10 * DAY - 1 }).then([]);
    const expired = spec([issued]).when({ type: 'ExpireApiKey', atMs: 10 * DAY }).events();
    expect(expired).toEqual([{ type: 'ApiKeyExpired', data: { expiresAtMs: 10 * DAY, atMs: 10 * DAY } }]);
    spec([issued, ...expired]).when({ type: 'ExpireApiKey', atMs: 11 * DAY }).then([]);
    expect(keyStanding(stateOf([issued]), 10 * DAY)).toBe('expired');
  });
});
