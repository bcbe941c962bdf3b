import { z } from 'zod';

/** Reusable field parsers for environment variables (which are always strings). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const csv = (fallback: string[] = []) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined ? fallback : v.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    );

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** The infrastructure every service shares, with the embedded local defaults. */
export const infraFields = {
  MONGO_URL: z.string().default('mongodb://127.0.0.1:27017'),
  KAFKA_BROKERS: csv(['127.0.0.1:9092']),
  LOG_LEVEL: logLevel,
};
