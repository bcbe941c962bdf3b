import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names that may carry a secret anywhere in a log event. */
const SECRET_FIELDS = [
  'password',
  'current_password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'api_key',
  'apiKey',
  'key',
  'current_key',
  'currentKey',
  'secret',
  'keyHash',
  'privateKey',
  'private_key',
  'authorization',
  'x-api-key',
  'cookie',
];

/** Redaction paths for the secret fields at the top level and up to two levels deep. */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith('[') ? key : field, join('*'), join('*.*')];
});

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** One structured JSON logger per process; secrets are censored before anything is written. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
