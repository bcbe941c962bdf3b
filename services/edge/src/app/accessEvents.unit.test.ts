import { ManualClock } from '@qilbee/kernel';
import type { AuditFields } from '@qilbee/contracts';
import { AccessEvents, type AccessDenial } from './accessEvents';
import type { AccessEventPort } from './ports';
import { InMemoryAudit } from './fakes/inMemoryAudit';

const denial = (subject: string, type: AccessDenial['type'] = 'authentication_failed', path = '/x'): AccessDenial => ({
  type, subject, userId: null, username: null, ipAddress: subject, userAgent: null, action: `GET ${path}`, resource: path, metadata: {},
});

/** A Kafka that acknowledges only when told to. */
class SlowKafka implements AccessEventPort {
  readonly published: Array<{ subject: string; fields: AuditFields }> = [];
  private readonly waiting: Array<() => void> = [];
  publish(subject: string, fields: AuditFields): Promise<void> {
    this.published.push({ subject, fields });
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  acknowledgeAll(): void {
    for (const ack of this.waiting.splice(0)) ack();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('access events', () => {
  it('given the default settings, when one subject is denied repeatedly, then every denial is its own event', () => {
    const sink = new InMemoryAudit();
    const events = new AccessEvents(sink, new ManualClock(), { windowMs: 0, maxWindows: 10, maxInFlight: 100 });
    for (const path of ['/a', '/b', '/c']) events.record(denial('203.0.113.1', 'permission_denied', path));
    expect(sink.published.map((e) => [e.fields.resource, e.fields.metadata.count])).toEqual([['/a', 1], ['/b', 1], ['/c', 1]]);
    expect(new Set(sink.published.map((e) => e.fields.event_id)).size).toBe(3);
  });

  it('given Kafka falls behind, when denials keep coming, then they are counted per subject and reported once it catches up', async () => {
    const kafka = new SlowKafka();
    const suppressed: string[] = [];
    const events = new AccessEvents(kafka, new ManualClock(), { windowMs: 0, maxWindows: 10, maxInFlight: 2, onSuppressed: (type) => suppressed.push(type) });
    events.record(denial('a'));
    events.record(denial('b'));
    for (let i = 0; i < 5; i += 1) events.record(denial('a', 'authentication_failed', `/late-${i}`));
    expect(kafka.published).toHaveLength(2);
    expect(suppressed).toHaveLength(5);
    events.flush();
    expect(kafka.published).toHaveLength(2); // still saturated: nothing more is queued

    kafka.acknowledgeAll();
    await settle();
    events.flush();
    expect(kafka.published).toHaveLength(3);
    expect(kafka.published[2]?.fields).toMatchObject({ resource: '/late-4', metadata: { count: 5 } });
  });

  it('given a shutdown, when flushed and drained, then every counted denial is published and acknowledged', async () => {
    const kafka = new SlowKafka();
    const events = new AccessEvents(kafka, new ManualClock(), { windowMs: 0, maxWindows: 10, maxInFlight: 1 });
    events.record(denial('a'));
    events.record(denial('a'));
    events.flush(true);
    expect(kafka.published.map((e) => e.fields.metadata.count)).toEqual([1, 1]);
    let drained: boolean | undefined;
    const draining = events.drain(5000).then((all) => (drained = all));
    await settle();
    expect(drained).toBeUndefined();
    kafka.acknowledgeAll();
    await draining;
    expect(drained).toBe(true);
  });

  it('given Kafka never answers, when draining at shutdown, then it gives up after its time', async () => {
    const kafka = new SlowKafka();
    const events = new AccessEvents(kafka, new ManualClock(), { windowMs: 0, maxWindows: 10, maxInFlight: 10 });
    events.record(denial('a'));
    expect(await events.drain(20)).toBe(false);
  });

  describe('with an opt-in window', () => {
    it('given a burst from one subject, then one event now and one summary after the window', () => {
      const clock = new ManualClock();
      const sink = new InMemoryAudit();
      const events = new AccessEvents(sink, clock, { windowMs: 1000, maxWindows: 10, maxInFlight: 100 });
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
      const events = new AccessEvents(sink, clock, { windowMs: 1000, maxWindows: 10, maxInFlight: 100 });
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
      const sink = new InMemoryAudit();
      const events = new AccessEvents(sink, new ManualClock(), { windowMs: 1000, maxWindows: 3, maxInFlight: 100 });
      for (let i = 0; i < 100; i += 1) events.record(denial(`ip-${i}`));
      expect(sink.published.length).toBe(4);
    });
  });
});
