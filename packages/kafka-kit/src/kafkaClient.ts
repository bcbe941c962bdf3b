import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import type { Logger } from '@qilbee/logger';

/**
 * TLS and SASL towards the brokers (PEM contents read once at start). Absent or empty: plaintext
 * without authentication. Built from KAFKA_SSL* / KAFKA_SASL_* by @qilbee/config's
 * `withTransportSecurity`.
 */
export interface KafkaSecurity {
  /** TLS, verifying the brokers against `ca` (absent: Node's default roots); `cert`/`key` for mutual TLS. */
  ssl?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** SASL without `ssl` sends the credentials (PLAIN: the password itself) unencrypted: refused unless set. */
  allowSaslWithoutSsl?: boolean;
}

export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  security?: KafkaSecurity;
}

/** kafkajs's `ssl` and `sasl` options; broker certificates are always verified. */
function securityOptions(security: KafkaSecurity = {}): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { ssl, sasl } = security;
  if (sasl && !ssl && !security.allowSaslWithoutSsl) {
    throw new Error('Kafka SASL without TLS would send the credentials unencrypted: enable TLS (KAFKA_SSL=true) or allow it explicitly (KAFKA_SASL_ALLOW_PLAINTEXT=true)');
  }
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (ssl) {
    options.ssl = { rejectUnauthorized: true };
    if (ssl.ca) options.ssl.ca = ssl.ca;
    if (ssl.cert && ssl.key) Object.assign(options.ssl, { cert: ssl.cert, key: ssl.key });
  }
  // kafkajs types each mechanism separately; a union of three literals needs the cast.
  if (sasl) options.sasl = { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as KafkaConfig['sasl'];
  return options;
}

/** The kafkajs configuration createKafka uses (exported so it can be checked without a broker). */
export function kafkaConfig(connection: KafkaConnection): KafkaConfig {
  const log = connection.logger;
  return {
    clientId: connection.clientId,
    brokers: connection.brokers,
    ...securityOptions(connection.security),
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 3000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      if (!log) return;
      const { message, ...rest } = entry.log;
      const fields = { kafka: entry.namespace, ...rest };
      if (entry.level <= logLevel.ERROR) log.error(fields, message);
      else log.warn(fields, message);
    },
  };
}

/** One kafkajs client per process, logging through our logger instead of its console output. */
export function createKafka(connection: KafkaConnection): Kafka {
  return new Kafka(kafkaConfig(connection));
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
