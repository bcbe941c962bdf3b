import { testEnv, uniqueName } from '@qilbee/testkit';
import { readConfig, type Config } from '../config';

/** A config for one test file: its own database, topics and identity consumer group; ports chosen by the OS. */
export function testConfig(dbName: string, overrides: Record<string, string> = {}): Config {
  const env = testEnv();
  return readConfig({
    MONGO_URL: env.mongoUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    LOG_LEVEL: 'silent',
    AUTH_DB: dbName,
    AUTH_GRPC_PORT: '0',
    AUTH_EVENTS_TOPIC: uniqueName('auth_events'),
    IDENTITY_EVENTS_TOPIC: uniqueName('identity_events'),
    AUTH_IDENTITY_EVENTS_GROUP: uniqueName('auth_identity'),
    ...overrides,
  });
}
