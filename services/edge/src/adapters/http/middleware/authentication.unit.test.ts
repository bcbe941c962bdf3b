import { bearer, startEdge, type EdgeUnderTest } from '../../../testing/edgeHarness';

describe('authentication step', () => {
  let edge: EdgeUnderTest;
  let aliceKey: string;
  beforeEach(async () => {
    edge = await startEdge();
    aliceKey = (await (await edge.fetch('/api/v1/api-keys', { method: 'POST', headers: bearer(edge.user.token), json: { name: 'ci' } })).json()).key;
  });
  afterEach(() => edge.close());
  const keys = (headers: Record<string, string>) => edge.fetch('/api/v1/api-keys', { headers });

  it('no credentials on a protected route: 401 problem with WWW-Authenticate', async () => {
    const res = await keys({});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await res.json()).code).toBe('missing_credentials');
  });

  it('a Bearer JWT is verified locally: good, expired, wrong audience, garbage, Basic', async () => {
    expect((await keys(bearer(edge.user.token))).status).toBe(200);
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await edge.auth.sign({ sub: edge.user.id, username: 'alice', roles: ['Read'] }, { iatSeconds: past, expSeconds: past + 60 });
    expect((await (await keys(bearer(expired))).json()).code).toBe('token_expired');
    const foreign = await edge.auth.sign({ sub: edge.user.id, username: 'alice', roles: ['Read'] }, { audience: 'someone-else' });
    expect((await keys(bearer(foreign))).status).toBe(401);
    expect((await keys(bearer('garbage'))).status).toBe(401);
    expect((await keys({ authorization: 'Basic YWxpY2U6cHc=' })).status).toBe(401);
  });

  it('a token signed with a new key (unknown kid) makes the edge refetch the JWKS; old tokens still verify', async () => {
    await edge.auth.rotateKey();
    const fresh = await edge.auth.sign({ sub: edge.user.id, username: 'alice', roles: ['Read'] });
    expect((await keys(bearer(fresh))).status).toBe(200);
    expect((await keys(bearer(edge.user.token))).status).toBe(200);
  });

  it('JWT verification keeps working while auth is down', async () => {
    edge.auth.down = true;
    expect((await keys(bearer(edge.user.token))).status).toBe(200);
  });

  it('an API key is verified through identity and cached; identity down: cached key works, new ones 503', async () => {
    expect((await keys({ 'x-api-key': aliceKey })).status).toBe(200);
    expect((await keys({ 'x-api-key': aliceKey })).status).toBe(200);
    expect(edge.identity.verifyCalls).toBe(1);
    const other = (await (await edge.fetch('/api/v1/api-keys', { method: 'POST', headers: bearer(edge.admin.token), json: { name: 'x' } })).json()).key;
    edge.identity.down = true;
    // A route that needs no identity call: 403 (not 401/503) proves the cached key authenticated.
    const cached = await edge.fetch('/api/v1/rate-limits', { headers: { 'x-api-key': aliceKey } });
    expect(cached.status).toBe(403);
    const fresh = await keys({ 'x-api-key': other });
    expect(fresh.status).toBe(503);
    expect((await fresh.json()).code).toBe('dependency_unavailable');
  });

  it('both headers: valid and same user passes; different users or one invalid is 401', async () => {
    expect((await keys({ ...bearer(edge.user.token), 'x-api-key': aliceKey })).status).toBe(200);
    const mismatch = await keys({ ...bearer(edge.admin.token), 'x-api-key': aliceKey });
    expect(mismatch.status).toBe(401);
    expect((await mismatch.json()).code).toBe('credentials_mismatch');
    expect((await keys({ ...bearer(edge.user.token), 'x-api-key': 'qilbee_live_nope' })).status).toBe(401);
  });

  it('an expired API key is 401 api_key_expired', async () => {
    const stored = [...edge.identity.keys.values()].find((k) => k.secret === aliceKey);
    if (stored) stored.key.expiresAt = new Date(Date.now() - 1000).toISOString();
    const res = await keys({ 'x-api-key': aliceKey });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('api_key_expired');
  });

  it('public routes ignore stale credentials (the SDK sends its Bearer everywhere)', async () => {
    expect((await edge.fetch('/health', { headers: bearer('stale') })).status).toBe(200);
    expect((await edge.fetch('/.well-known/jwks.json', { headers: { 'x-api-key': 'bad' } })).status).toBe(200);
  });
});

describe('order of refusals', () => {
  let edge: EdgeUnderTest;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge.close());

  it('a caller without credentials gets 401 (rate-checked) whatever body it sent: malformed, not JSON or too large', async () => {
    await edge.ratelimit.createPolicy({ name: 'users', endpointType: 'UserManagement', customPath: '', maxRequests: 100, windowSecs: 60, overrides: {} });
    const sends = [
      { headers: { 'content-type': 'application/json' }, body: '{bad' },
      { headers: { 'content-type': 'text/plain' }, body: 'hello' },
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) },
    ];
    for (const send of sends) {
      const reply = await edge.fetch('/api/v1/users', { method: 'POST', ...send });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('x-ratelimit-limit')).not.toBeNull();
    }
  });

  it('a caller without the permission gets 403 before its body is looked at', async () => {
    const reply = await edge.fetch('/api/v1/users', { method: 'POST', headers: { ...bearer(edge.user.token), 'content-type': 'application/json' }, body: '{bad' });
    expect(reply.status).toBe(403);
  });
});
