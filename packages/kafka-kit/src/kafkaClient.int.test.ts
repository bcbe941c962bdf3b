import { testEnv, uniqueName } from '@qilbee/testkit';
import { createKafka, ensureTopics } from './kafkaClient';
import { KafkaPublisher } from './kafkaPublisher';

describe('ensureTopics (real Kafka)', () => {
  it('lets several services create the same new topics at once, each returning only once every partition has a leader', async () => {
    const topics = [uniqueName('race_a'), uniqueName('race_b')];
    const services = Array.from({ length: 5 }, (_, i) => createKafka({ brokers: testEnv().kafkaBrokers, clientId: uniqueName(`svc${i}`) }));
    await Promise.all(services.map((kafka) => ensureTopics(kafka, topics, 3)));
    // What a service does next (audit: describe, produce) works at once for every one of them.
    const publishers = services.map((kafka) => new KafkaPublisher(kafka));
    try {
      await Promise.all(publishers.map((publisher, i) => publisher.publish(topics[i % 2] as string, [{ key: `k${i}`, value: 'v' }])));
      const admin = services[0]?.admin();
      await admin?.connect();
      const { topics: described } = (await admin?.fetchTopicMetadata({ topics })) ?? { topics: [] };
      await admin?.disconnect();
      expect(described.map((t) => t.partitions.filter((p) => p.leader >= 0).length)).toEqual([3, 3]);
    } finally {
      await Promise.all(publishers.map((publisher) => publisher.close()));
    }
  });

});
