import { ManualClock, uuidv7 } from '@qilbee/kernel';
import { TOPICS } from '@qilbee/contracts';
import { ApiKeyVerifier } from '../../app/apiKeyVerifier';
import { InMemoryIdentity } from '../../app/fakes/inMemoryIdentity';
import { RevocationView } from '@qilbee/tokens';
import { RoleCatalog } from '../../app/roleCatalog';
import { applySecurityEvents } from './securityEventFeed';

const message = (topic: string, data: unknown) => ({ topic, partition: 0, offset: '0', key: null, value: JSON.stringify({ data }), headers: {}, timestampMs: 0 });

describe('security event feed', () => {
  const clock = new ManualClock();
  const setup = () => {
    const identity = new InMemoryIdentity();
    const targets = {
      revocations: new RevocationView(),
      apiKeys: new ApiKeyVerifier(identity, clock, { ttlMs: 1000, staleIfUnavailableMs: 1000, maxEntries: 10 }),
      roles: new RoleCatalog(identity, clock, 1000),
    };
    return { identity, targets };
  };

  it('applies logout / token_revoked / reuse and all_tokens_revoked facts from security.auth.v1', () => {
    const { targets } = setup();
    const old = uuidv7(Date.UTC(2026, 0, 1));
    applySecurityEvents([
      message(TOPICS.auth, { event_type: 'logout', metadata: { revocation: { jti: 'j1', expires_at: 4_000_000_000 } } }),
      message(TOPICS.auth, { event_type: 'all_tokens_revoked', metadata: { revocation: { user_id: 'u1', not_before: 1_900_000_000, not_before_ms: 1_900_000_000_000 } } }),
      message(TOPICS.auth, { event_type: 'token_refresh_reuse_detected', metadata: { revocations: [{ jti: 'j2', expires_at: 4_000_000_000 }] } }),
      message(TOPICS.auth, { event_type: 'login', metadata: { revocation: { jti: 'ignored', expires_at: 4_000_000_000 } } }),
      { ...message(TOPICS.auth, {}), value: 'not json' },
    ], targets);
    expect(targets.revocations.isRevoked({ jti: 'j1', sub: 'x', iat: 0 })).toBe(true);
    expect(targets.revocations.isRevoked({ jti: 'j2', sub: 'x', iat: 0 })).toBe(true);
    expect(targets.revocations.isRevoked({ jti: 'ignored', sub: 'x', iat: 0 })).toBe(false);
    expect(targets.revocations.isRevoked({ jti: old, sub: 'u1', iat: Math.floor(Date.UTC(2026, 0, 1) / 1000) })).toBe(true);
  });

  it('evicts cached API keys on key revocation/rotation/expiry and owner deactivation/deletion', async () => {
    const { identity, targets } = setup();
    const owner = identity.addUser('o', 'pw-irrelevant-123');
    const ctx = { requestId: '', actorUserId: owner.id, actorUsername: '', ipAddress: '', userAgent: '', actorApiKeyId: '' };
    const a = await identity.createApiKey({ context: ctx, name: 'a', permissions: [] });
    const b = await identity.createApiKey({ context: ctx, name: 'b', permissions: [] });
    await targets.apiKeys.verify(a.key);
    await targets.apiKeys.verify(b.key);
    applySecurityEvents([message(TOPICS.identity, { event_type: 'api_key_rotated', metadata: { key_id: a.apiKey?.id } })], targets);
    expect(targets.apiKeys.size).toBe(1);
    applySecurityEvents([message(TOPICS.identity, { event_type: 'user_updated', resource: `user:${owner.id}`, metadata: { is_active: false } })], targets);
    expect(targets.apiKeys.size).toBe(0);
  });
});
