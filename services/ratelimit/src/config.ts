import { infraFields, loadConfig, port, z } from '@qilbee/config';

/** Every setting of the ratelimit service; nothing else reads process.env. */
export const configSchema = z.object({
  ...infraFields,
  RATELIMIT_GRPC_HOST: z.string().default('127.0.0.1'),
  RATELIMIT_GRPC_PORT: port(50053),
  RATELIMIT_DB: z.string().default('qilbee_ratelimit'),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
