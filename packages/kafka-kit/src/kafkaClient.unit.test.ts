import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { createTestPki, type TestPki } from '@qilbee/testkit';
import { ensureTopics, kafkaConfig } from './kafkaClient';

/** The kafkajs options createKafka passes for these variables (read as every service reads them; nothing connects). */
function optionsFor(env: Record<string, string>) {
  const { kafkaSecurity } = loadConfig(withTransportSecurity(z.object(transportSecurityFields), { servesGrpc: false }), env);
  const { ssl, sasl } = kafkaConfig({ brokers: ['kafka-1:9093'], clientId: 'test', security: kafkaSecurity });
  return { ssl, sasl };
}

describe('createKafka options from KAFKA_SSL* and KAFKA_SASL_*', () => {
  let pki: TestPki;
  let passwordFile: string;

  beforeAll(() => {
    pki = createTestPki();
    passwordFile = path.join(pki.dir, 'kafka-password');
    writeFileSync(passwordFile, 'file-s3cret\n');
  });
  afterAll(() => pki?.remove());

  it('default: plaintext, no SASL', () => {
    expect(optionsFor({})).toEqual({ ssl: undefined, sasl: undefined });
  });

  it('KAFKA_SSL alone: TLS verified against the default roots', () => {
    expect(optionsFor({ KAFKA_SSL: 'true' })).toEqual({ ssl: { rejectUnauthorized: true }, sasl: undefined });
  });

  it('mutual TLS with a private CA, and SCRAM-SHA-512 with the password from a file', () => {
    const { ssl, sasl } = optionsFor({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: pki.ca,
      KAFKA_SSL_CERT_FILE: pki.clientCert,
      KAFKA_SSL_KEY_FILE: pki.clientKey,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'audit',
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(ssl).toEqual({ rejectUnauthorized: true, ca: readFileSync(pki.ca), cert: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) });
    expect(sasl).toEqual({ mechanism: 'scram-sha-512', username: 'audit', password: 'file-s3cret' });
  });

  it('PLAIN over TLS with the password from the environment', () => {
    expect(optionsFor({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'edge', KAFKA_SASL_PASSWORD: 'env-s3cret' })).toEqual({
      ssl: { rejectUnauthorized: true },
      sasl: { mechanism: 'plain', username: 'edge', password: 'env-s3cret' },
    });
  });

  it('SASL without TLS: only when explicitly allowed, in the config and in kafka-kit itself', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'auth', KAFKA_SASL_PASSWORD: 'p' };
    expect(() => optionsFor(sasl)).toThrow(/KAFKA_SASL_MECHANISM: without KAFKA_SSL=true/);
    expect(optionsFor({ ...sasl, KAFKA_SASL_ALLOW_PLAINTEXT: 'true' })).toEqual({ ssl: undefined, sasl: { mechanism: 'scram-sha-256', username: 'auth', password: 'p' } });
    const direct = { mechanism: 'plain' as const, username: 'u', password: 'p' };
    expect(() => kafkaConfig({ brokers: ['b:9092'], clientId: 'c', security: { sasl: direct } })).toThrow(/unencrypted/);
    expect(kafkaConfig({ brokers: ['b:9092'], clientId: 'c', security: { sasl: direct, allowSaslWithoutSsl: true } }).sasl).toEqual(direct);
  });
});

describe('ensureTopics, against a broker that has just created the topics', () => {
  /** An admin whose first createTopics fails as a fresh KRaft broker's metadata can, briefly. */
  function freshBroker(leaderAfterCalls: number) {
    const calls = { create: 0, metadata: 0 };
    const admin = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [],
      createTopics: async () => {
        calls.create += 1;
        if (calls.create === 1) throw Object.assign(new Error('This server does not host this topic-partition'), { retriable: true, type: 'UNKNOWN_TOPIC_OR_PARTITION' });
        return false;
      },
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
        calls.metadata += 1;
        const leader = calls.metadata >= leaderAfterCalls ? 1 : -1;
        return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader }] })) };
      },
    };
    return { kafka: { admin: () => admin } as never, calls };
  }

  it('retries the retriable error and returns once every partition has a leader', async () => {
    const { kafka, calls } = freshBroker(3);
    await ensureTopics(kafka, ['security.auth.v1'], 3, 5000);
    expect(calls).toEqual({ create: 4, metadata: 3 }); // the failed create, then one per leaderless look
  });

  it('gives up after its time with the broker error', async () => {
    const { kafka } = freshBroker(Number.MAX_SAFE_INTEGER);
    await expect(ensureTopics(kafka, ['security.auth.v1'], 3, 300)).rejects.toThrow('without leaders');
  });
});
