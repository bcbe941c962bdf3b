import pino from 'pino';
import { testEnv, uniqueName } from '@qilbee/testkit';
import { configSchema, type Config } from '../config';
import { startIdentity, type RunningIdentity } from '../main';
import { contextFor } from './appFixture';

export const ADMIN_PASSWORD = 'Bootstrap-Root-Pass-42';

/** Settings for a test instance: its own database, an ephemeral port, quiet logs. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  const env = testEnv();
  return configSchema.parse({
    MONGO_URL: env.mongoUrl,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    LOG_LEVEL: 'silent',
    IDENTITY_GRPC_PORT: '0',
    IDENTITY_DB: uniqueName('identity'),
    IDENTITY_INSTANCE_ID: uniqueName('inst'),
    LOGINS_GROUP_ID: uniqueName('identity-logins'),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    OUTBOX_POLL_MS: '50',
    ...overrides,
  });
}

/** A real identity instance (store, relay, consumers, gRPC) plus the admin's request context. */
export async function startTestIdentity(config: Config): Promise<RunningIdentity & { adminCtx: ReturnType<typeof contextFor>; adminId: string }> {
  const running = await startIdentity(config, pino({ level: 'silent' }));
  const verified = await running.app.verifyPassword('admin', ADMIN_PASSWORD);
  if (verified.code !== 'valid') throw new Error('bootstrap admin missing');
  const adminId = verified.principal.userId;
  return { ...running, adminId, adminCtx: contextFor({ id: adminId, username: 'admin' }, { requestId: uniqueName('req') }) };
}
