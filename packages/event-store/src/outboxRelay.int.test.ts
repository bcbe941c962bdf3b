import pino from 'pino';
import { createKafka, ensureTopics, KafkaPublisher } from '@qilbee/kafka-kit';
import { collectMessages, testDatabase, testEnv, testKafka, uniqueName, waitFor } from '@qilbee/testkit';
import { systemClock } from '@qilbee/kernel';
import { MongoEventStore } from './mongoEventStore';
import { Lease } from './lease';
import { OutboxRelay } from './outboxRelay';
import { ProjectionSweeper } from './projector';
import type { Publication } from './types';

const logger = pino({ level: 'silent' });

/** A relay that "crashes" (throws) after Kafka acknowledged but before the commits are marked. */
class CrashingRelay extends OutboxRelay {
  crashes = 0;
  protected override async markPublished(ids: string[]): Promise<void> {
    if (this.crashes > 0) {
      this.crashes -= 1;
      throw new Error('simulated crash between publish and mark');
    }
    await super.markPublished(ids);
  }
}

function publication(topic: string, n: number): Publication {
  const eventId = `evt-${n}`;
  return { topic, key: `subject-${n % 3}`, eventId, value: JSON.stringify({ id: eventId, n }) };
}

describe('OutboxRelay (real Kafka and store)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let store: MongoEventStore;
  const topic = uniqueName('outbox');
  const kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName('relay') });
  const publisher = new KafkaPublisher(kafka);

  beforeAll(async () => {
    database = await testDatabase('outbox');
    store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    await ensureTopics(kafka, [topic], 1);
  });
  afterAll(async () => {
    await publisher.close();
    await database.close();
  });

  it('delivers every event exactly once (after dedupe by id) even when the relay dies between publish and mark', async () => {
    const collector = await collectMessages(testKafka(), [topic]);
    try {
      for (let n = 0; n < 20; n += 1) {
        await store.append(`stream-${n}`, 0, [{ type: 'Happened', data: { n } }], { publications: [publication(topic, n)] });
      }
      const crashing = new CrashingRelay({ commits: store.commits, publisher, logger, lease: new Lease(database.db, 'relay-crash', 'a', 60_000, systemClock) });
      crashing.crashes = 1;
      await expect(crashing.relayOnce()).rejects.toThrow('simulated crash');
      // A successor (same lease owner after restart) re-sends what was not marked.
      const successor = new OutboxRelay({ commits: store.commits, publisher, logger, lease: new Lease(database.db, 'relay-crash', 'a', 60_000, systemClock) });
      expect(await successor.relayOnce()).toBe(20);
      expect(await successor.relayOnce()).toBe(0);

      await waitFor(() => collector.messages.length >= 40, { message: 'all records (with the redelivery) consumed' });
      const ids = collector.messages.map((m) => (JSON.parse(m.value) as { id: string }).id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(20);
      expect(await store.commits.countDocuments({ published: false })).toBe(0);
    } finally {
      await collector.stop();
    }
  });

  it('lets only the lease holder relay, and a standby take over when the holder stops renewing', async () => {
    const ttlMs = 400;
    const first = new OutboxRelay({ commits: store.commits, publisher, logger, lease: new Lease(database.db, 'relay-failover', 'first', ttlMs, systemClock) });
    const second = new OutboxRelay({ commits: store.commits, publisher, logger, lease: new Lease(database.db, 'relay-failover', 'second', ttlMs, systemClock) });
    await store.append('failover-1', 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, 100)] });
    expect(await first.relayOnce()).toBe(1);
    expect(first.leader).toBe(true);
    await store.append('failover-2', 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, 101)] });
    expect(await second.relayOnce()).toBe(0);
    expect(second.leader).toBe(false);
    // The first relay dies (stops renewing); after the lease expires the standby takes over.
    const taken = await waitFor(async () => (await second.relayOnce()) === 1, { timeoutMs: 5000, intervalMs: 50 });
    expect(taken).toBe(true);
    expect(second.leader).toBe(true);
    expect(await first.relayOnce()).toBe(0);
    expect(first.leader).toBe(false);
  });

  it('relays commits made in this process from memory, leaving nothing pending', async () => {
    const collector = await collectMessages(testKafka(), [topic]);
    const relay = new OutboxRelay({ commits: store.commits, publisher, logger, pollMs: 5000, lease: new Lease(database.db, 'relay-memory', 'mem', 10_000, systemClock) });
    try {
      expect(await relay.relayOnce()).toBeGreaterThanOrEqual(0);
      while ((await relay.relayOnce()) > 0);
      const appended = [300, 301, 302];
      for (const n of appended) await store.append(`memory-${n}`, 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, n)] });
      expect(await relay.relayOnce()).toBe(3);
      expect(await store.pending.countDocuments({ streamId: { $in: appended.map((n) => `memory-${n}`) }, published: false })).toBe(0);
      await waitFor(() => appended.every((n) => collector.messages.some((m) => m.value.includes(`"evt-${n}"`))), { message: 'in-process publications consumed' });
    } finally {
      await relay.stop();
      await collector.stop();
    }
  });

  it("settles this process's own commits with one write per half, whichever half finishes first", async () => {
    const relay = new OutboxRelay({ commits: store.commits, publisher, logger, pollMs: 5000, lease: new Lease(database.db, 'relay-settle', 'settle', 10_000, systemClock) });
    const sweeper = new ProjectionSweeper(store.commits, [], logger);
    try {
      while ((await relay.relayOnce()) > 0);
      // Relayed first, projected second.
      await store.append('settle-a', 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, 400)] });
      expect(await relay.relayOnce()).toBe(1);
      expect(await store.pending.findOne({ streamId: 'settle-a' })).toMatchObject({ published: true, projected: false });
      await sweeper.markProjected('settle-a', 1);
      expect(await store.pending.countDocuments({ streamId: 'settle-a' })).toBe(0);
      // Projected first, relayed second.
      await store.append('settle-b', 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, 401)] });
      await sweeper.markProjected('settle-b', 1);
      expect(await store.pending.findOne({ streamId: 'settle-b' })).toMatchObject({ published: false, projected: true });
      expect(await relay.relayOnce()).toBe(1);
      expect(await store.pending.countDocuments({ streamId: 'settle-b' })).toBe(0);
      expect([store.settlement.commitOf('settle-a', 1), store.settlement.commitOf('settle-b', 1)]).toEqual([undefined, undefined]);
    } finally {
      await relay.stop();
    }
  });

  it('relays in the background and is woken by notify', async () => {
    const relay = new OutboxRelay({ commits: store.commits, publisher, logger, pollMs: 5000, lease: new Lease(database.db, 'relay-bg', 'bg', 10_000, systemClock) });
    relay.start();
    try {
      await waitFor(() => relay.leader, { message: 'relay became leader' });
      await store.append('bg-1', 0, [{ type: 'Happened', data: {} }], { publications: [publication(topic, 200)] });
      relay.notify();
      await waitFor(async () => (await store.commits.countDocuments({ published: false })) === 0, { timeoutMs: 3000 });
    } finally {
      await relay.stop();
    }
  });
});
