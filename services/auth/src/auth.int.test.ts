import { randomUUID } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { SignJWT, UnsecuredJWT, decodeProtectedHeader, exportSPKI, importJWK } from 'jose';
import pino from 'pino';
import { authV1 } from '@qilbee/contracts';
import { createResilientClient, type RunningGrpcServer } from '@qilbee/grpc-kit';
import { createKafka } from '@qilbee/kafka-kit';
import { collectMessages, testDatabase, testKafka, waitFor } from '@qilbee/testkit';
import { GrpcIdentity } from './adapters/grpc/grpcIdentity';
import { FakeIdentity } from './app/inMemory/fakeIdentity';
import { startAuthRuntime, type AuthRuntime } from './runtime';
import { startFakeIdentityServer } from './testSupport/fakeIdentityServer';
import { testConfig } from './testSupport/testConfig';

jest.setTimeout(30_000);
const logger = pino({ level: 'silent' });
const LoginOutcome = authV1.LoginResponse_Outcome;
const RefreshOutcome = authV1.RefreshResponse_Outcome;

describe('auth service (real Kafka, store and gRPC; fake identity over gRPC)', () => {
  const identity = new FakeIdentity();
  const alice = identity.add({ userId: randomUUID(), username: 'alice', roles: ['Read'], isActive: true, password: 'Correct-Horse-9!' });
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let identityServer: RunningGrpcServer;
  let identityClient: GrpcIdentity;
  let a: AuthRuntime;
  let b: AuthRuntime;
  let clientA: ReturnType<typeof createResilientClient<authV1.AuthServiceClient>>;
  let config: ReturnType<typeof testConfig>;

  const ctx = (ip: string) => ({ requestId: randomUUID(), actorUserId: '', actorUsername: '', ipAddress: ip, userAgent: 'jest', actorApiKeyId: '' });
  const call = <T>(method: string, request: unknown) => clientA.call(method as never, request as never, new Metadata()) as Promise<T>;
  const login = (username: string, password: string, ip = '10.0.0.1') => call<authV1.LoginResponse>('login', { context: ctx(ip), username, password });

  beforeAll(async () => {
    database = await testDatabase('auth_int');
    identityServer = await startFakeIdentityServer(identity, logger);
    identityClient = new GrpcIdentity(`127.0.0.1:${identityServer.port}`, 3000);
    config = testConfig(database.db.databaseName);
    a = await startAuthRuntime({ ...config, AUTH_INSTANCE_ID: `a${randomUUID().slice(0, 8)}` }, identityClient, logger);
    b = await startAuthRuntime({ ...config, AUTH_INSTANCE_ID: `b${randomUUID().slice(0, 8)}` }, identityClient, logger);
    clientA = createResilientClient(authV1.AuthServiceClient, `127.0.0.1:${a.grpcPort}`, { name: 'auth', deadlineMs: 10_000 });
  });

  afterAll(async () => {
    clientA?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    identityClient?.close();
    await identityServer?.shutdown(100);
    await database?.close();
  });

  it('revoke on one instance is honoured by a second instance within one second', async () => {
    const { tokens } = await login('alice', 'Correct-Horse-9!');
    const token = tokens?.accessToken ?? '';
    expect((await b.app.introspect(token)).active).toBe(true);
    const revoked = await call<authV1.RevokeResponse>('revoke', { context: ctx('10.0.0.1'), token });
    expect(revoked.jti).toBeTruthy();
    await waitFor(async () => (await b.app.introspect(token)).active === false, { timeoutMs: 1000, message: 'instance B sees the revocation' });
    expect(await b.app.introspect(token)).toEqual({ active: false, reason: 'revoked' });
    // Idempotent: revoking again is still OK; garbage is INVALID_ARGUMENT.
    expect((await call<authV1.RevokeResponse>('revoke', { context: ctx('10.0.0.1'), token })).jti).toBe(revoked.jti);
    await expect(call('revoke', { context: ctx('10.0.0.1'), token: 'not-a-token' })).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('locks exactly at the threshold under 20 parallel wrong-password attempts on two instances', async () => {
    const username = `victim-${randomUUID().slice(0, 8)}`;
    const attempts = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? login(username, 'wrong', `10.1.${i}.1`) : b.app.login(username, 'wrong', ctx(`10.1.${i}.1`)).then((r) => ({ outcome: r.outcome === 'locked' ? LoginOutcome.OUTCOME_LOCKED : LoginOutcome.OUTCOME_BAD_CREDENTIALS, lockout: { locked: r.lockout.locked, remainingAttempts: r.lockout.remainingAttempts } })),
    );
    const results = await Promise.all(attempts);
    const bad = results.filter((r) => r.outcome === LoginOutcome.OUTCOME_BAD_CREDENTIALS);
    expect(bad).toHaveLength(5);
    expect(results.filter((r) => r.outcome === LoginOutcome.OUTCOME_LOCKED)).toHaveLength(15);
    expect(bad.map((r) => r.lockout?.remainingAttempts).sort()).toEqual([0, 1, 2, 3, 4]);
    const status = await call<authV1.GetLockoutStatusResponse>('getLockoutStatus', { username });
    expect(status.status).toMatchObject({ locked: true, failedAttempts: 5, remainingAttempts: 0, lockoutCount: 1, lockoutRemainingSeconds: expect.any(Number) });
    const list = await call<authV1.ListLockoutsResponse>('listLockouts', {});
    expect(list.lockedUsers.map((u) => u.username)).toContain(username);
    await call('unlockAccount', { context: ctx('10.0.0.9'), username });
    expect((await call<authV1.GetLockoutStatusResponse>('getLockoutStatus', { username })).status).toMatchObject({ locked: false, failedAttempts: 0, lockoutCount: 1 });
  });

  it('rejects forged tokens: alg none, HS256 with the public key, wrong kid, wrong aud, expired', async () => {
    const { tokens } = await login('alice', 'Correct-Horse-9!');
    const good = tokens?.accessToken ?? '';
    const kid = String(decodeProtectedHeader(good).kid);
    const jwks = JSON.parse((await call<authV1.GetJwksResponse>('getJwks', {})).jwksJson) as { keys: Array<Record<string, string>> };
    const publicJwk = jwks.keys.find((k) => k.kid === kid) ?? {};
    const claims = { sub: alice.userId, username: 'alice', roles: ['Admin'], sid: randomUUID(), jti: randomUUID() };
    const now = Math.floor(Date.now() / 1000);
    const none = new UnsecuredJWT(claims).setIssuer(config.JWT_ISSUER).setAudience(config.JWT_AUDIENCE).setIssuedAt().setExpirationTime('5m').encode();
    const publicPem = await exportSPKI((await importJWK(publicJwk as never, publicJwk.alg)) as never);
    const hs = async (secret: string | Buffer) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid }).setIssuer(config.JWT_ISSUER).setAudience(config.JWT_AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(Buffer.from(secret));
    const signer = a.app.deps.keys.activeSigner();
    const real = (kidValue: string, aud: string, exp: number) => new SignJWT(claims).setProtectedHeader({ alg: signer.alg, kid: kidValue }).setIssuer(config.JWT_ISSUER).setAudience(aud).setIssuedAt(exp - 900).setExpirationTime(exp).sign(signer.key);
    const forged: Array<[string, string, string]> = [
      ['alg none', none, 'unsupported_alg'],
      ['HS256 keyed with the public key PEM', await hs(publicPem), 'unsupported_alg'],
      ['HS256 keyed with the public JWK x', await hs(publicJwk.x ?? ''), 'unsupported_alg'],
      ['unknown kid', await real('not-a-kid', config.JWT_AUDIENCE, now + 600), 'unknown_kid'],
      ['wrong audience', await real(signer.kid, 'someone-else', now + 600), 'wrong_audience'],
      ['expired', await real(signer.kid, config.JWT_AUDIENCE, now - 3600), 'expired'],
      ['tampered payload', good.split('.').map((part, i) => (i === 1 ? Buffer.from(JSON.stringify({ ...claims, iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE, iat: now, exp: now + 600 })).toString('base64url') : part)).join('.'), 'bad_signature'],
    ];
    for (const [name, token, reason] of forged) {
      const answer = await call<authV1.IntrospectResponse>('introspect', { token });
      expect({ name, active: answer.active, reason: answer.reason }).toEqual({ name, active: false, reason });
    }
    expect((await call<authV1.IntrospectResponse>('introspect', { token: good })).active).toBe(true);
  });

  it('key rotation keeps old tokens valid and signs new ones with the new key', async () => {
    const before = (await login('alice', 'Correct-Horse-9!')).tokens?.accessToken ?? '';
    const oldKid = decodeProtectedHeader(before).kid;
    const { kid: newKid } = await call<authV1.RotateSigningKeyResponse>('rotateSigningKey', { context: ctx('10.0.0.1') });
    expect(newKid).not.toBe(oldKid);
    const after = (await login('alice', 'Correct-Horse-9!')).tokens?.accessToken ?? '';
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const kids = (JSON.parse((await call<authV1.GetJwksResponse>('getJwks', {})).jwksJson) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
    for (const runtime of [a, b]) {
      expect((await runtime.app.introspect(before)).active).toBe(true);
      expect((await runtime.app.introspect(after)).active).toBe(true);
    }
  });

  it('QilbeeDB SDK refresh: re-sending the login refresh token with the latest access token keeps working; without it, reuse revokes the family', async () => {
    const first = (await login('alice', 'Correct-Horse-9!')).tokens;
    const rt1 = first?.refreshToken ?? '';
    const r1 = await call<authV1.RefreshResponse>('refresh', { context: ctx('10.0.0.1'), refreshToken: rt1, accessToken: first?.accessToken });
    expect(r1.outcome).toBe(RefreshOutcome.OUTCOME_SUCCESS);
    const r2 = await call<authV1.RefreshResponse>('refresh', { context: ctx('10.0.0.1'), refreshToken: rt1, accessToken: r1.tokens?.accessToken });
    expect(r2.outcome).toBe(RefreshOutcome.OUTCOME_SUCCESS);
    const thief = await call<authV1.RefreshResponse>('refresh', { context: ctx('10.9.9.9'), refreshToken: rt1 });
    expect(thief.outcome).toBe(RefreshOutcome.OUTCOME_REUSE_DETECTED);
    await waitFor(async () => (await b.app.introspect(r2.tokens?.accessToken ?? '')).active === false, { timeoutMs: 1000, message: 'family tokens revoked everywhere' });
    expect((await call<authV1.RefreshResponse>('refresh', { context: ctx('10.0.0.1'), refreshToken: r2.tokens?.refreshToken })).outcome).toBe(RefreshOutcome.OUTCOME_INVALID);
  });

  it('logout ends the access token and its refresh family', async () => {
    const tokens = (await login('alice', 'Correct-Horse-9!')).tokens;
    await call('logout', { context: ctx('10.0.0.1'), accessToken: tokens?.accessToken });
    expect((await a.app.introspect(tokens?.accessToken ?? '')).active).toBe(false);
    expect((await call<authV1.RefreshResponse>('refresh', { context: ctx('10.0.0.1'), refreshToken: tokens?.refreshToken })).outcome).toBe(RefreshOutcome.OUTCOME_INVALID);
  });

  it('an identity password change revokes the user everywhere, and a login right after works; no secrets on Kafka', async () => {
    const collector = await collectMessages(testKafka(), [config.AUTH_EVENTS_TOPIC]);
    try {
      const old = (await login('alice', 'Correct-Horse-9!')).tokens;
      const producer = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'identity-fake' }).producer();
      await producer.connect();
      const eventId = randomUUID();
      const data = { event_id: eventId, event_type: 'user_password_changed', timestamp: new Date().toISOString(), resource: `user:${alice.userId}`, metadata: { target_user_id: alice.userId } };
      await producer.send({ topic: config.IDENTITY_EVENTS_TOPIC, messages: [{ key: alice.userId, value: JSON.stringify({ id: eventId, data }) }] });
      await producer.disconnect();
      // Either instance may consume the identity event; the other learns of it through Kafka.
      for (const instance of [a, b]) {
        await waitFor(async () => (await instance.app.introspect(old?.accessToken ?? '')).active === false, { timeoutMs: 15_000, message: 'password change revoked the old token' });
      }
      expect((await call<authV1.RefreshResponse>('refresh', { context: ctx('10.0.0.1'), refreshToken: old?.refreshToken })).outcome).toBe(RefreshOutcome.OUTCOME_INVALID);
      const fresh = (await login('alice', 'Correct-Horse-9!')).tokens?.accessToken ?? '';
      expect((await b.app.introspect(fresh)).active).toBe(true);
      await waitFor(() => collector.messages.some((m) => m.value.includes('all_tokens_revoked')), { message: 'all_tokens_revoked published' });
      const secrets = [old?.accessToken, old?.refreshToken, fresh, 'Correct-Horse-9!', '"d":'].filter((s): s is string => Boolean(s));
      for (const message of collector.messages) for (const secret of secrets) expect(message.value.includes(secret)).toBe(false);
      const types = new Set(collector.messages.map((m) => (JSON.parse(m.value) as { data: { event_type: string } }).data.event_type));
      expect([...types]).toEqual(expect.arrayContaining(['login', 'all_tokens_revoked']));
    } finally {
      await collector.stop();
    }
  });
});
