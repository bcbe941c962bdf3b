import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type KeyLike } from 'jose';
import { uuidv7 } from '@qilbee/kernel';
import { JwksKeySet } from './keySet';
import { RevocationView } from './revocationView';
import { TokenValidator } from './validateAccessToken';

const ISSUER = 'qilbee-auth';
const AUDIENCE = 'qilbee-api';
const NOW_MS = Date.UTC(2026, 5, 1);
const NOW = NOW_MS / 1000;

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  let loads = 0;
  let nowMs = NOW_MS;
  const keys = new JwksKeySet(async () => ((loads += 1), { keys: [jwk] }), { cooldownMs: 1000, nowMs: () => nowMs });
  const revocations = new RevocationView();
  const validator = new TokenValidator({ keys, revocations, issuer: ISSUER, audience: AUDIENCE, clockSkewSeconds: 10, nowMs: () => nowMs });
  const sign = (overrides: { kid?: string; aud?: string; iss?: string; exp?: number; claims?: Record<string, unknown>; key?: KeyLike } = {}) =>
    new SignJWT({ username: 'alice', roles: ['Read'], sid: 's1', ...overrides.claims })
      .setProtectedHeader({ alg: 'EdDSA', kid: overrides.kid ?? 'k1' })
      .setSubject('u1')
      .setJti(uuidv7(NOW_MS))
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? AUDIENCE)
      .setIssuedAt(NOW)
      .setExpirationTime(overrides.exp ?? NOW + 900)
      .sign(overrides.key ?? privateKey);
  return { validator, revocations, sign, publicKey, jwk, loads: () => loads, advance: (ms: number) => (nowMs += ms) };
}

const reasonOf = async (validator: TokenValidator, token: string) => {
  const result = await validator.validate(token);
  return result.valid ? 'valid' : result.reason;
};

describe('access token validation (the code auth and the edge share)', () => {
  it('accepts a token signed by a published key and returns its claims', async () => {
    const { validator, sign } = await setup();
    const result = await validator.validate(await sign());
    expect(result).toEqual({ valid: true, claims: expect.objectContaining({ sub: 'u1', username: 'alice', roles: ['Read'], sid: 's1', iss: ISSUER, aud: AUDIENCE }) });
  });

  it('refuses alg none and HS256 keyed with the public key (algorithm confusion)', async () => {
    const { validator, publicKey, jwk } = await setup();
    const claims = { sub: 'u1', username: 'alice', roles: ['Admin'], sid: 's', jti: uuidv7(NOW_MS) };
    const none = new UnsecuredJWT(claims).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(NOW).setExpirationTime(NOW + 900).encode();
    const hs = (secret: string) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(NOW).setExpirationTime(NOW + 900).sign(Buffer.from(secret));
    expect(await reasonOf(validator, none)).toBe('unsupported_alg');
    expect(await reasonOf(validator, await hs(await exportSPKI(publicKey)))).toBe('unsupported_alg');
    expect(await reasonOf(validator, await hs(String(jwk.x)))).toBe('unsupported_alg');
  });

  it('refuses a foreign key, an unknown kid, another issuer or audience, and an expired token', async () => {
    const { validator, sign, advance } = await setup();
    const foreign = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expect(await reasonOf(validator, await sign({ key: foreign.privateKey }))).toBe('bad_signature');
    expect(await reasonOf(validator, await sign({ kid: 'k9' }))).toBe('unknown_kid');
    expect(await reasonOf(validator, await sign({ iss: 'someone-else' }))).toBe('wrong_issuer');
    expect(await reasonOf(validator, await sign({ aud: 'other-api' }))).toBe('wrong_audience');
    const token = await sign({ exp: NOW + 60 });
    advance(65_000); // inside the 10 s skew
    expect(await reasonOf(validator, token)).toBe('valid');
    advance(10_000);
    expect(await reasonOf(validator, token)).toBe('expired');
  });

  it('refuses tokens lacking the claims the platform relies on', async () => {
    const { validator, sign } = await setup();
    expect(await reasonOf(validator, await sign({ claims: { sid: undefined } }))).toBe('malformed');
    expect(await reasonOf(validator, await sign({ claims: { roles: 'Admin' } }))).toBe('malformed');
    expect(await reasonOf(validator, 'a.b.c')).toBe('malformed');
  });

  it('refuses revoked tokens: by jti, and by the user not-before of a revoke-all', async () => {
    const { validator, revocations, sign } = await setup();
    const token = await sign();
    const { claims } = (await validator.validate(token)) as { claims: { jti: string } };
    revocations.apply({ kind: 'token', jti: claims.jti, expiresAtMs: NOW_MS + 900_000 });
    expect(await reasonOf(validator, token)).toBe('revoked');
    const other = await sign();
    revocations.apply({ kind: 'user', userId: 'u1', notBeforeMs: NOW_MS + 1 });
    expect(await reasonOf(validator, other)).toBe('revoked');
  });

  it('an unknown kid reloads the key set at most once per cooldown (forged kids cannot hammer auth)', async () => {
    const { validator, sign, loads, advance } = await setup();
    await validator.validate(await sign());
    expect(loads()).toBe(1);
    for (let i = 0; i < 5; i += 1) await validator.validate(await sign({ kid: `forged-${i}` }));
    expect(loads()).toBe(1);
    advance(1000);
    await validator.validate(await sign({ kid: 'forged-again' }));
    expect(loads()).toBe(2);
  });
});
