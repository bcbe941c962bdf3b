import pino from 'pino';
import { createKafka, ensureTopics, KafkaPublisher, type OutgoingMessage } from '@qilbee/kafka-kit';
import { systemClock } from '@qilbee/kernel';
import { collectMessages, testEnv, uniqueName, waitFor } from '@qilbee/testkit';
import { startAuditConsumer } from '../adapters/kafka/auditConsumer';
import { crashingStore } from '../testing/crashingStore';
import { auditEvent, cloudEventValue } from '../testing/fixtures';
import { mongoAuditFixture } from '../testing/mongoFixture';
import { createIngestHandler } from './ingestChunk';

const logger = pino({ level: 'silent' });
const CRASHES = 4;
const EVENTS = 600;
const CHUNK = 40;

describe('ingest from Kafka into the chain (real Kafka and store)', () => {
  const kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName('audit-ingest') });
  const topics = [uniqueName('sec-auth'), uniqueName('sec-identity')];
  const deadLetterTopic = uniqueName('sec-dlq');
  const groupId = uniqueName('audit');
  const publisher = new KafkaPublisher(kafka);
  let fixture: Awaited<ReturnType<typeof mongoAuditFixture>>;

  beforeAll(async () => {
    fixture = await mongoAuditFixture('audit_ingest');
    await ensureTopics(kafka, [...topics, deadLetterTopic], 3);
  });
  afterAll(async () => {
    await publisher.close();
    await fixture.close();
  });

  function member(storedBeforeCrash?: number) {
    const store = storedBeforeCrash === undefined ? undefined : crashingStore(fixture.records, storedBeforeCrash);
    const writer = fixture.writer({ store });
    const handler = createIngestHandler({ writer, deadLetters: publisher, deadLetterTopic, clock: systemClock, logger });
    return { store, start: () => startAuditConsumer(kafka, handler, { groupId, chunkSize: CHUNK, topics, logger }) };
  }

  it('killed mid-batch again and again while events flow: every event stored exactly once, chain verifies, rejects dead-lettered', async () => {
    const events = Array.from({ length: EVENTS }, (_, i) => auditEvent(i));
    const malformed = ['{not json', JSON.stringify({ specversion: '1.0', id: 'x', type: 'io.qilbee.security.coffee_brewed', source: '/x', data: {} })];
    const producing = (async () => {
      for (let batch = 0; batch < EVENTS / 50; batch += 1) {
        const messages: OutgoingMessage[] = events.slice(batch * 50, batch * 50 + 50).map((e) => ({ key: e.user_id ?? 'k', value: cloudEventValue(e) }));
        if (batch === 3) messages.push(...malformed.map((value) => ({ key: 'bad', value })));
        await publisher.publish(topics[batch % 2] as string, messages);
      }
    })();
    const deadLetters = await collectMessages(kafka, [deadLetterTopic]);
    try {
      for (let crash = 0; crash < CRASHES; crash += 1) {
        const doomed = member(1 + Math.floor(Math.random() * (CHUNK - 2)));
        const stop = await doomed.start();
        await waitFor(() => doomed.store?.crashed, { timeoutMs: 20_000, message: `crash ${crash} happened` });
        await stop();
      }
      await producing;
      const stop = await member().start();
      try {
        await waitFor(async () => (await fixture.records.events.countDocuments()) >= EVENTS, { timeoutMs: 20_000, message: 'all events stored' });
      } finally {
        await stop();
      }
      const ids = (await fixture.records.events.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id);
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids)).toEqual(new Set(events.map((e) => e.event_id)));
      expect(await fixture.verify()).toMatchObject({ ok: true, checked: EVENTS, first_broken: null });
      await waitFor(() => new Set(deadLetters.messages.map((m) => JSON.parse(m.value).value)).size >= malformed.length, { timeoutMs: 10_000, message: 'dead letters' });
      const letters = deadLetters.messages.map((m) => JSON.parse(m.value));
      expect(letters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reason: 'invalid_json', topic: topics[1], value: malformed[0] }),
          expect.objectContaining({ reason: 'unknown_event_type', topic: topics[1], value: malformed[1] }),
        ]),
      );
    } finally {
      await deadLetters.stop();
    }
  }, 90_000);
});
