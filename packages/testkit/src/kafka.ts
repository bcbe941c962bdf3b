import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { testEnv, uniqueName } from './environment';

export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: testEnv().kafkaBrokers, logLevel: logLevel.NOTHING });
}

export interface CollectedMessage {
  topic: string;
  key: string | null;
  value: string;
  offset: string;
  partition: number;
}

/** Reads everything on the topics from the beginning into `messages`, as an independent consumer group. */
export async function collectMessages(kafka: Kafka, topics: string[]): Promise<{ messages: CollectedMessage[]; stop(): Promise<void> }> {
  const messages: CollectedMessage[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('collector'), maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}
