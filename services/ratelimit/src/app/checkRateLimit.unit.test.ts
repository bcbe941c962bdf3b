import { DomainError } from '@qilbee/kernel';
import { appRig } from './testRig';

const login = (ip: string, hits = 1) => ({ endpointType: 'Login', path: '/api/v1/auth/login', subject: `ip:${ip}`, hits });

describe('Check', () => {
  it('defaults are seeded as events, listed, and enforce login 5/min per IP', async () => {
    const rig = await appRig();
    expect((await rig.policies.list()).map((p) => [p.name, p.endpointType, p.maxRequests, p.windowSecs])).toEqual([
      ['Default Login Rate Limit', 'Login', 5, 60],
      ['Default API Key Creation Rate Limit', 'ApiKeyCreation', 10, 3600],
      ['Default General API Rate Limit', 'GeneralApi', 1000, 3600],
    ]);
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) outcomes.push((await rig.check([login('1.1.1.1')])).allowed);
    expect(outcomes).toEqual([true, true, true, true, true, false]);
    expect((await rig.check([login('2.2.2.2')])).allowed).toBe(true);
    const rejected = await rig.check([login('1.1.1.1')]);
    expect(rejected.results[0]).toMatchObject({ matched: true, limit: 5, view: { allowed: false, remaining: 0, retryAfterMs: 12_000 } });
  });

  it('all-or-nothing: a rejected request consumes nothing from any bucket', async () => {
    const rig = await appRig();
    for (let i = 0; i < 5; i += 1) await rig.check([login('1.1.1.1')]);
    const general = { endpointType: 'GeneralApi', path: '/graphs', subject: 'user:u1' };
    const both = await rig.check([general, login('1.1.1.1')]);
    expect(both.allowed).toBe(false);
    expect(both.results[0]).toMatchObject({ view: { allowed: true, remaining: 1000 } });
    const look = await rig.check([{ ...general, hits: 0 }]);
    expect(look.results[0]).toMatchObject({ view: { remaining: 1000 } });
  });

  it('hits 0 looks without consuming; descriptors in one bucket add their hits', async () => {
    const rig = await appRig();
    const look = await rig.check([login('3.3.3.3', 0)]);
    expect(look.results[0]).toMatchObject({ view: { allowed: true, remaining: 5 } });
    const twice = await rig.check([login('3.3.3.3', 2), login('3.3.3.3', 2)]);
    expect(twice.allowed).toBe(true);
    expect(twice.results[1]).toMatchObject({ view: { remaining: 1 } });
    expect((await rig.check([login('3.3.3.3', 2)])).allowed).toBe(false);
  });

  it('per-subject overrides replace the limit for that subject only', async () => {
    const rig = await appRig();
    const [defaultLogin] = await rig.policies.list();
    await rig.policies.update(defaultLogin!.id, { changes: {}, overrides: [{ subject: 'ip:9.9.9.9', maxRequests: 1 }], replaceOverrides: false }, {});
    expect((await rig.check([login('9.9.9.9')])).allowed).toBe(true);
    expect((await rig.check([login('9.9.9.9')])).allowed).toBe(false);
    expect((await rig.check([login('8.8.8.8')])).results[0]).toMatchObject({ limit: 5 });
  });

  it('changing a policy applies at once and resets its buckets; deleting falls back to GeneralApi', async () => {
    const rig = await appRig();
    for (let i = 0; i < 5; i += 1) await rig.check([login('1.1.1.1')]);
    const [defaultLogin] = await rig.policies.list();
    await rig.policies.update(defaultLogin!.id, { changes: { maxRequests: 2 }, overrides: [], replaceOverrides: false }, {});
    const after = await rig.check([login('1.1.1.1')]);
    expect(after.results[0]).toMatchObject({ limit: 2, view: { allowed: true, remaining: 1 } });
    await rig.policies.delete(defaultLogin!.id, {});
    expect((await rig.check([login('1.1.1.1')])).results[0]).toMatchObject({ policy: { name: 'Default General API Rate Limit' } });
  });

  it('no enabled policy: unlimited and unmatched', async () => {
    const rig = await appRig();
    for (const p of await rig.policies.list()) await rig.policies.update(p.id, { changes: { enabled: false }, overrides: [], replaceOverrides: false }, {});
    const result = await rig.check([login('1.1.1.1', 1000)]);
    expect(result).toEqual({ allowed: true, degraded: false, results: [{ matched: false }] });
  });

  it('rejects malformed checks with every violation', async () => {
    const rig = await appRig();
    const error = await rig.check([{ subject: '', hits: -1 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).violations.map((v) => v.field)).toEqual(['descriptors[0].subject', 'descriptors[0].hits']);
  });

  it('policy changes are published through the outbox with the actor', async () => {
    const rig = await appRig();
    const created = await rig.policies.create(
      { name: 'Search', endpointType: 'Custom', customPath: '/search', maxRequests: 3, windowSecs: 10, enabled: true, overrides: [], failOpen: false },
      { actorUserId: 'admin-1', actorUsername: 'admin', ipAddress: '10.0.0.1' },
    );
    const record = rig.events.outbox.at(-1)!;
    const event = JSON.parse(record.value);
    expect(record).toMatchObject({ topic: 'security.ratelimit.v1', key: created.id });
    expect(event).toMatchObject({ type: 'io.qilbee.security.rate_limit_policy_created', subject: created.id, id: record.eventId });
    expect(event.data).toMatchObject({ event_type: 'rate_limit_policy_created', user_id: 'admin-1', username: 'admin', ip_address: '10.0.0.1', result: 'success' });
    expect(event.data.metadata).toMatchObject({ endpoint_type: { Custom: '/search' }, max_requests: 3, fail_open: false });
  });
});

describe('rate_limit_exceeded events', () => {
  it('at most one per key per window, with the count of rejections, published when the window ends', async () => {
    const rig = await appRig();
    for (let i = 0; i < 5 + 40; i += 1) await rig.check([login('6.6.6.6')]);
    await rig.reporter.flush();
    expect(rig.bus.published).toEqual([]);
    rig.clock.advance(60_000);
    await rig.check([login('6.6.6.6')]);
    await rig.reporter.flush();
    expect(rig.bus.published).toHaveLength(1);
    const event = JSON.parse(rig.bus.published[0]!.value);
    expect(rig.bus.published[0]).toMatchObject({ topic: 'security.ratelimit.v1', key: '6.6.6.6' });
    expect(event.data).toMatchObject({ event_type: 'rate_limit_exceeded', result: 'forbidden', ip_address: '6.6.6.6', resource: '/api/v1/auth/login' });
    expect(event.data.metadata).toMatchObject({ rejected_count: 40, limit: 5, window_secs: 60, subject: 'ip:6.6.6.6' });
  });
});

describe('memory bounds', () => {
  it('idle buckets are freed once full again; the cap holds under a key flood', async () => {
    const rig = await appRig({ maxBuckets: 100 });
    for (let i = 0; i < 50; i += 1) await rig.check([login(`10.0.0.${i}`)]);
    expect(rig.local.size).toBe(50);
    rig.clock.advance(59_999);
    expect(rig.local.sweep()).toBe(0);
    rig.clock.advance(1);
    expect(rig.local.sweep()).toBe(50);
    for (let i = 0; i < 500; i += 1) await rig.check([login(`10.1.${i >> 8}.${i & 255}`)]);
    expect(rig.local.size).toBeLessThanOrEqual(100);
  });
});
