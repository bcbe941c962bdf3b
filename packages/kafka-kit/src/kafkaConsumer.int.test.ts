import pino from 'pino';
import { testEnv, uniqueName, waitFor } from '@qilbee/testkit';
import { createKafka, ensureTopics } from './kafkaClient';
import { KafkaConsumer } from './kafkaConsumer';
import { KafkaPublisher } from './kafkaPublisher';
import type { ConsumedMessage } from './ports';

const logger = pino({ level: 'silent' });

describe('KafkaConsumer (real Kafka)', () => {
  const kafka = createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName('kit') });
  const topic = uniqueName('consumer');
  const groupId = uniqueName('group');
  const publisher = new KafkaPublisher(kafka);

  beforeAll(async () => {
    await ensureTopics(kafka, [topic], 1);
    await publisher.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: String(i) })));
  });
  afterAll(() => publisher.close());

  it('commits only the offsets of processed chunks, so a restarted member resumes after them', async () => {
    const processed: string[] = [];
    const first = new KafkaConsumer(kafka, { groupId, topics: [topic], chunkSize: 4, logger });
    let failed = false;
    await first.start(async (chunk: ConsumedMessage[]) => {
      if (processed.length >= 4) {
        failed = true;
        throw new Error('handler failure: chunk not durable');
      }
      processed.push(...chunk.map((m) => m.value ?? ''));
    });
    await waitFor(() => failed, { timeoutMs: 20_000, message: 'second chunk attempted' });
    await first.stop();
    expect(processed).toEqual(['0', '1', '2', '3']);

    const resumed: string[] = [];
    const second = new KafkaConsumer(kafka, { groupId, topics: [topic], chunkSize: 4, logger });
    await second.start(async (chunk) => {
      resumed.push(...chunk.map((m) => m.value ?? ''));
    });
    try {
      await waitFor(() => resumed.length >= 6, { timeoutMs: 20_000, message: 'remaining messages consumed' });
      expect(resumed).toEqual(['4', '5', '6', '7', '8', '9']);
    } finally {
      await second.stop();
    }
  });
});
