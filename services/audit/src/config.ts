import { hostname } from 'node:os';
import path from 'node:path';
import { csv, infraFields, loadConfig, port, positiveInt, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { startFromSetting } from '@qilbee/kafka-kit';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Every setting of the audit service; nothing else reads process.env. */
export const configSchema = withTransportSecurity(z.object({
  ...infraFields,
  ...transportSecurityFields,
  AUDIT_GRPC_HOST: z.string().default('127.0.0.1'),
  AUDIT_GRPC_PORT: port(50054),
  AUDIT_DB: z.string().default('qilbee_audit'),
  /** One consumer group over every security topic. */
  AUDIT_CONSUMER_GROUP: z.string().default('audit'),
  /**
   * Where the consumer group starts when it has never committed an offset. Default `earliest`:
   * the audit trail must hold every event still on the topics (compliance). A later time suits
   * only a throwaway instance (the e2e harness passes its own start time); an existing group
   * always resumes from its committed offsets whatever this says.
   */
  AUDIT_CONSUME_FROM: startFromSetting('earliest'),
  AUDIT_CHUNK_SIZE: positiveInt(500),
  AUDIT_RETENTION_DAYS: positiveInt(365),
  /** How often the writer applies retention on its own. */
  AUDIT_RETENTION_INTERVAL_MS: positiveInt(60 * 60 * 1000),
  AUDIT_ARCHIVE_DIR: z.string().default(path.join(REPO_ROOT, '.run/audit-archive')),
  AUDIT_CHECKPOINT_INTERVAL_MS: positiveInt(60_000),
  /** Ed25519 private key (PKCS#8 PEM or base64 DER); when absent one is generated into the key file. */
  AUDIT_SIGNING_KEY: z.string().optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().default(path.join(REPO_ROOT, '.run/audit/signing-key.pem')),
  /** Public keys of retired signing keys whose checkpoints must still verify. */
  AUDIT_PREVIOUS_PUBLIC_KEYS: csv([]),
  AUDIT_LEASE_TTL_MS: positiveInt(15_000),
  AUDIT_INSTANCE_ID: z.string().default(`${hostname()}-${process.pid}`),
}), { servesGrpc: true });

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
