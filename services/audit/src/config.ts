import { infraFields, loadConfig, port, z } from '@qilbee/config';

/** Every setting of the audit service; nothing else reads process.env. */
export const configSchema = z.object({
  ...infraFields,
  AUDIT_GRPC_HOST: z.string().default('127.0.0.1'),
  AUDIT_GRPC_PORT: port(50054),
  AUDIT_DB: z.string().default('qilbee_audit'),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
