import { infraFields, loadConfig, port, z } from '@qilbee/config';

/** Every setting of the auth service; nothing else reads process.env. */
export const configSchema = z.object({
  ...infraFields,
  AUTH_GRPC_HOST: z.string().default('127.0.0.1'),
  AUTH_GRPC_PORT: port(50051),
  AUTH_DB: z.string().default('qilbee_auth'),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
