import { ManualClock } from '@qilbee/kernel';
import { ApiKeyVerifier } from './apiKeyVerifier';
import { InMemoryIdentity } from './fakes/inMemoryIdentity';

async function setup() {
  const clock = new ManualClock();
  const identity = new InMemoryIdentity();
  const owner = identity.addUser('o', 'pw-irrelevant-123', ['Developer']);
  const { key, apiKey } = await identity.createApiKey({ context: { requestId: '', actorUserId: owner.id, actorUsername: 'o', ipAddress: '', userAgent: '', actorApiKeyId: '' }, name: 'k', permissions: [] });
  const verifier = new ApiKeyVerifier(identity, clock, { ttlMs: 30_000, staleIfUnavailableMs: 300_000, maxEntries: 2 });
  return { clock, identity, owner, secret: key, keyId: apiKey?.id ?? '', verifier };
}

describe('API key verifier', () => {
  it('caches a valid verification for the TTL, then asks again', async () => {
    const { clock, identity, secret, verifier } = await setup();
    expect((await verifier.verify(secret)).kind).toBe('valid');
    expect((await verifier.verify(secret)).kind).toBe('valid');
    expect(identity.verifyCalls).toBe(1);
    clock.advance(30_001);
    await verifier.verify(secret);
    expect(identity.verifyCalls).toBe(2);
  });

  it('concurrent verifications of one key make one identity call', async () => {
    const { identity, secret, verifier } = await setup();
    await Promise.all([verifier.verify(secret), verifier.verify(secret), verifier.verify(secret)]);
    expect(identity.verifyCalls).toBe(1);
  });

  it('a revocation event evicts the key: the next verification sees it revoked', async () => {
    const { identity, owner, secret, keyId, verifier } = await setup();
    await verifier.verify(secret);
    await identity.revokeApiKey({ context: { requestId: '', actorUserId: owner.id, actorUsername: '', ipAddress: '', userAgent: '', actorApiKeyId: '' }, keyId });
    verifier.evictKey(keyId);
    expect(await verifier.verify(secret)).toEqual(expect.objectContaining({ kind: 'invalid', reason: 'api_key_revoked' }));
  });

  it('identity down: a cached key keeps working (even past the TTL, up to the stale limit); unknown keys are unavailable', async () => {
    const { clock, identity, secret, verifier } = await setup();
    await verifier.verify(secret);
    identity.down = true;
    clock.advance(60_000);
    expect((await verifier.verify(secret)).kind).toBe('valid');
    expect((await verifier.verify('qilbee_live_other')).kind).toBe('unavailable');
    clock.advance(300_000);
    expect((await verifier.verify(secret)).kind).toBe('unavailable');
  });

  it('owner deactivation evicts all of the owner\'s keys', async () => {
    const { owner, secret, verifier } = await setup();
    await verifier.verify(secret);
    verifier.evictUser(owner.id);
    expect(verifier.size).toBe(0);
  });
});
