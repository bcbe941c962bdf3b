import { z } from 'zod';
import { Checks } from './checks';
import { bool } from './fields';
import { certificateFile, optionalText, privateKeyFile, secretFile } from './files';
import { loggedAs } from './loggedAs';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Kafka's own spellings (`PLAIN`, `SCRAM-SHA-512`) are accepted; empty means unset. */
const saslMechanism = z
  .string()
  .optional()
  .transform((text) => (text === undefined || text.trim() === '' ? undefined : text.trim().toLowerCase()))
  .pipe(z.enum(SASL_MECHANISMS).optional());

/** Kafka transport security, the same names in every service. Off by default (plaintext). */
export const kafkaSecurityFields = {
  /** TLS to the brokers, verified against KAFKA_SSL_CA_FILE (unset: Node's default roots). */
  KAFKA_SSL: bool(false),
  KAFKA_SSL_CA_FILE: certificateFile(),
  /** Client certificate and key for brokers that require them (mutual TLS). */
  KAFKA_SSL_CERT_FILE: certificateFile(),
  KAFKA_SSL_KEY_FILE: privateKeyFile(),
  KAFKA_SASL_MECHANISM: saslMechanism,
  KAFKA_SASL_USERNAME: optionalText(),
  /** The password, or KAFKA_SASL_PASSWORD_FILE naming a file that holds it (one of the two). */
  KAFKA_SASL_PASSWORD: optionalText(),
  KAFKA_SASL_PASSWORD_FILE: secretFile(),
  /** SASL over a plaintext connection is refused unless this says it is accepted. */
  KAFKA_SASL_ALLOW_PLAINTEXT: bool(false),
};

export type KafkaSecurityValues = z.output<z.ZodObject<typeof kafkaSecurityFields>>;

/** What kafka-kit's `KafkaSecurity` takes (the same shape; this package does not depend on it). */
export interface KafkaSecuritySettings {
  ssl?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  allowSaslWithoutSsl: boolean;
}

function saslOf(values: KafkaSecurityValues, checks: Checks): KafkaSecuritySettings['sasl'] {
  const mechanism = values.KAFKA_SASL_MECHANISM;
  const credentials = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE', 'KAFKA_SASL_ALLOW_PLAINTEXT'];
  checks.requires(values, credentials, mechanism !== undefined, 'takes effect only with KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)');
  if (mechanism === undefined) return undefined;
  const username = values.KAFKA_SASL_USERNAME;
  if (username === undefined) checks.fail('KAFKA_SASL_USERNAME', 'is required with KAFKA_SASL_MECHANISM');
  const passwordFile = checks.file(values.KAFKA_SASL_PASSWORD_FILE);
  if (values.KAFKA_SASL_PASSWORD !== undefined && values.KAFKA_SASL_PASSWORD_FILE !== undefined) {
    checks.fail('KAFKA_SASL_PASSWORD_FILE', 'cannot be combined with KAFKA_SASL_PASSWORD: set one of the two');
  }
  const password = values.KAFKA_SASL_PASSWORD ?? passwordFile?.value;
  if (password === undefined && values.KAFKA_SASL_PASSWORD_FILE === undefined) {
    checks.fail('KAFKA_SASL_PASSWORD', 'is required with KAFKA_SASL_MECHANISM (or KAFKA_SASL_PASSWORD_FILE)');
  }
  if (!values.KAFKA_SSL && !values.KAFKA_SASL_ALLOW_PLAINTEXT) {
    checks.fail('KAFKA_SASL_MECHANISM', 'without KAFKA_SSL=true the credentials and every event cross the network unencrypted: set KAFKA_SSL=true (or KAFKA_SASL_ALLOW_PLAINTEXT=true to accept that)');
  }
  if (username === undefined || password === undefined) return undefined;
  return loggedAs({ mechanism, username, password }, { mechanism, username, password: '[REDACTED]' });
}

/** The Kafka client's TLS and SASL settings; empty (plaintext, no SASL) by default. */
export function kafkaSecurityOf(values: KafkaSecurityValues, ctx: z.RefinementCtx): KafkaSecuritySettings {
  const checks = new Checks(ctx);
  checks.requires(values, ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'], values.KAFKA_SSL, 'takes effect only with KAFKA_SSL=true: set KAFKA_SSL=true or remove it');
  const ca = checks.file(values.KAFKA_SSL_CA_FILE);
  const identity = checks.keyPair('KAFKA_SSL_CERT_FILE', values.KAFKA_SSL_CERT_FILE, 'KAFKA_SSL_KEY_FILE', values.KAFKA_SSL_KEY_FILE);
  const sasl = saslOf(values, checks);
  const settings: KafkaSecuritySettings = { allowSaslWithoutSsl: values.KAFKA_SASL_ALLOW_PLAINTEXT };
  if (!checks.ok) return settings;
  if (values.KAFKA_SSL) settings.ssl = loggedAs({ ca: ca?.pem, cert: identity?.certChain, key: identity?.privateKey }, { ca: values.KAFKA_SSL_CA_FILE?.path, cert: values.KAFKA_SSL_CERT_FILE?.path });
  if (sasl) settings.sasl = sasl;
  return loggedAs(settings, { ssl: settings.ssl, sasl: settings.sasl, allowSaslWithoutSsl: settings.allowSaslWithoutSsl });
}
