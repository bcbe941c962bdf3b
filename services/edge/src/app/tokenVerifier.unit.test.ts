import { ManualClock } from '@qilbee/kernel';
import { InMemoryAuth } from './fakes/inMemoryAuth';
import { InMemoryIdentity } from './fakes/inMemoryIdentity';
import { RevocationView } from '@qilbee/tokens';
import { TokenVerifier } from './tokenVerifier';

async function setup(minRefreshIntervalMs: number) {
  const clock = new ManualClock(Date.now());
  const auth = await new InMemoryAuth(new InMemoryIdentity()).init();
  let fetches = 0;
  const counting = { getJwks: () => ((fetches += 1), auth.getJwks()) };
  const verifier = new TokenVerifier(counting, new RevocationView(), clock, { issuer: auth.issuer, audience: auth.audience, minRefreshIntervalMs, clockSkewSeconds: 0 });
  await verifier.refresh();
  return { clock, auth, verifier, fetches: () => fetches };
}

const claims = { sub: 'u1', username: 'u', roles: ['Read'] };

describe('token verifier', () => {
  it('verifies locally without asking auth again', async () => {
    const { auth, verifier, fetches } = await setup(5000);
    const verdict = await verifier.verify(await auth.sign(claims));
    expect(verdict).toEqual(expect.objectContaining({ kind: 'valid', token: expect.objectContaining({ sub: 'u1', roles: ['Read'] }) }));
    expect(fetches()).toBe(1);
  });

  it('an unknown kid refetches the key set (rotation), at most once per interval (forged kids cannot hammer auth)', async () => {
    const { clock, auth, verifier, fetches } = await setup(5000);
    await auth.rotateKey();
    const rotated = await auth.sign(claims);
    expect((await verifier.verify(rotated)).kind).toBe('invalid');
    expect((await verifier.verify(rotated)).kind).toBe('invalid');
    expect(fetches()).toBe(1);
    clock.advance(5000);
    expect((await verifier.verify(rotated)).kind).toBe('valid');
    expect(fetches()).toBe(2);
  });

  it('refuses expired tokens, other audiences, and tokens without the claims it needs', async () => {
    const { clock, auth, verifier } = await setup(0);
    const now = Math.floor(clock.nowMs() / 1000);
    expect(await verifier.verify(await auth.sign(claims, { iatSeconds: now - 100, expSeconds: now - 10 }))).toEqual(expect.objectContaining({ reason: 'token_expired' }));
    expect(await verifier.verify(await auth.sign(claims, { audience: 'other' }))).toEqual(expect.objectContaining({ reason: 'invalid_token' }));
    expect(await verifier.verify('a.b.c')).toEqual(expect.objectContaining({ reason: 'invalid_token' }));
  });
});
