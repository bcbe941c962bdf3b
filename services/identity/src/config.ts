import { infraFields, loadConfig, port, z } from '@qilbee/config';

/** Every setting of the identity service; nothing else reads process.env. */
export const configSchema = z.object({
  ...infraFields,
  IDENTITY_GRPC_HOST: z.string().default('127.0.0.1'),
  IDENTITY_GRPC_PORT: port(50052),
  IDENTITY_DB: z.string().default('qilbee_identity'),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
