import { ManualClock } from '@qilbee/kernel';
import { AccessEvents, type AccessDenial } from './accessEvents';
import { InMemoryAudit } from './fakes/inMemoryAudit';

const denial = (subject: string, type: AccessDenial['type'] = 'authentication_failed'): AccessDenial => ({
  type, subject, userId: null, username: null, ipAddress: subject, userAgent: null, action: 'GET /x', resource: '/x', metadata: {},
});

describe('access events throttle', () => {
  it('given a burst from one subject, when recorded, then one event now and one summary after the window', async () => {
    const clock = new ManualClock();
    const sink = new InMemoryAudit();
    const events = new AccessEvents(sink, clock, { windowMs: 1000, maxWindows: 10 });
    for (let i = 0; i < 50; i += 1) events.record(denial('203.0.113.1'));
    expect(sink.published).toHaveLength(1);
    expect(sink.published[0]?.fields.metadata.count).toBe(1);
    events.flush();
    expect(sink.published).toHaveLength(1);
    clock.advance(1000);
    events.flush();
    expect(sink.published).toHaveLength(2);
    expect(sink.published[1]?.fields.metadata.count).toBe(49);
  });

  it('subjects and types have separate windows; the next window reports what was suppressed', () => {
    const clock = new ManualClock();
    const sink = new InMemoryAudit();
    const events = new AccessEvents(sink, clock, { windowMs: 1000, maxWindows: 10 });
    events.record(denial('a'));
    events.record(denial('b'));
    events.record(denial('a', 'permission_denied'));
    events.record(denial('a'));
    expect(sink.published.map((e) => [e.subject, e.fields.event_type])).toEqual([['a', 'authentication_failed'], ['b', 'authentication_failed'], ['a', 'permission_denied']]);
    clock.advance(1500);
    events.record(denial('a'));
    expect(sink.published[3]?.fields.metadata.count).toBe(2);
    expect(sink.published[3]?.fields.result).toBe('unauthorized');
  });

  it('an attack spraying subjects cannot grow memory past maxWindows (folded into one window)', () => {
    const clock = new ManualClock();
    const sink = new InMemoryAudit();
    const events = new AccessEvents(sink, clock, { windowMs: 1000, maxWindows: 3 });
    for (let i = 0; i < 100; i += 1) events.record(denial(`ip-${i}`));
    expect(sink.published.length).toBe(4);
  });
});
