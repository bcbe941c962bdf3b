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

/**
 * Creates the topics that do not exist yet (existing ones are left as they are) and returns once
 * every partition of every topic has a leader. On a fresh broker several services create the same
 * topics at once: whoever finds a topic already created must still wait for its leaders, or its
 * first metadata request fails with "This server does not host this topic-partition". Such
 * retriable errors are retried for up to `timeoutMs`.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((topic) => !existing.has(topic));
        if (missing.length > 0) {
          await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })) });
        }
        const { topics: described } = await admin.fetchTopicMetadata({ topics });
        const leaderless = described.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
        if (leaderless.length === 0) return;
        throw Object.assign(new Error(`topics without leaders yet: ${leaderless.map((t) => t.name).join(', ')}`), { retriable: true });
      } catch (error) {
        if (!isRetriable(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1000)));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs marks the errors worth retrying (unknown topic or partition, no leader yet ...). */
function isRetriable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { retriable, errors } = error as { retriable?: unknown; errors?: unknown };
  if (retriable === true) return true;
  // createTopics reports per-topic failures in an aggregate; a topic created meanwhile by another
  // service ("already exists") is as good as created.
  return Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isRetriable(inner) || (inner as { type?: unknown }).type === 'TOPIC_ALREADY_EXISTS');
}
