import { infraFields, loadConfig, port, z } from '@qilbee/config';

/** Every setting of the edge service; nothing else reads process.env. */
export const configSchema = z.object({
  ...infraFields,
  EDGE_HOST: z.string().default('127.0.0.1'),
  EDGE_PORT: port(8080),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(configSchema, env);
}
