import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { createTestPki, type TestPki } from '@qilbee/testkit';
import { createLogger } from '@qilbee/logger';
import { ConfigError, loadConfig } from './loadConfig';
import { transportSecurityFields, withTransportSecurity } from './transportSecurity';
import { z } from './index';

const serverSchema = withTransportSecurity(z.object({ NAME: z.string().min(2).default('svc'), ...transportSecurityFields }), { servesGrpc: true });
const clientSchema = withTransportSecurity(z.object(transportSecurityFields), { servesGrpc: false });

/** The config problems, one `NAME: message` line each (the test fails if the config was accepted). */
function problems(env: Record<string, string>, schema: z.ZodTypeAny = serverSchema): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('transport security settings', () => {
  let pki: TestPki;
  let passwordFile: string;
  let emptyFile: string;
  const missing = '/nonexistent/qilbee/cert.pem';

  beforeAll(() => {
    pki = createTestPki();
    passwordFile = path.join(pki.dir, 'kafka-password');
    writeFileSync(passwordFile, 'from-the-file-s3cret\n');
    emptyFile = path.join(pki.dir, 'empty');
    writeFileSync(emptyFile, '\n');
  });
  afterAll(() => pki?.remove());

  it('default: plaintext gRPC and Kafka; the raw variables leave the config', () => {
    const config = loadConfig(serverSchema, {});
    expect(config).toEqual({ NAME: 'svc', grpcTls: undefined, kafkaSecurity: { allowSaslWithoutSsl: false } });
  });

  describe('gRPC', () => {
    const serverTls = () => ({ GRPC_TLS: 'true', GRPC_TLS_CERT_FILE: pki.serverCert, GRPC_TLS_KEY_FILE: pki.serverKey });

    it('mutual tls: reads every file once into the settings grpc-kit takes', () => {
      const env = { ...serverTls(), GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true', GRPC_TLS_CLIENT_CERT_FILE: pki.clientCert, GRPC_TLS_CLIENT_KEY_FILE: pki.clientKey, GRPC_TLS_SERVER_NAME: 'identity.internal' };
      const { grpcTls } = loadConfig(serverSchema, env);
      expect(grpcTls?.requireClientCert).toBe(true);
      expect(grpcTls?.serverNameOverride).toBe('identity.internal');
      expect(grpcTls?.rootCerts?.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(grpcTls?.serverIdentity?.privateKey.toString()).toMatch(/PRIVATE KEY/);
      expect(grpcTls?.clientIdentity?.certChain.toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    });

    it('allowed clients: a list of certificate names, only with mutual tls and never empty', () => {
      const mutual = { ...serverTls(), GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true' };
      expect(loadConfig(serverSchema, { ...mutual, GRPC_TLS_ALLOWED_CLIENTS: ' edge, auth ,' }).grpcTls?.allowedClients).toEqual(['edge', 'auth']);
      expect(loadConfig(serverSchema, mutual).grpcTls?.allowedClients).toBeUndefined();
      expect(loadConfig(serverSchema, { GRPC_TLS_ALLOWED_CLIENTS: ' ' }).grpcTls).toBeUndefined();
      expect(problems({ ...serverTls(), GRPC_TLS_ALLOWED_CLIENTS: 'edge' })).toEqual([expect.stringMatching(/^GRPC_TLS_ALLOWED_CLIENTS: needs GRPC_TLS_REQUIRE_CLIENT_CERT=true/)]);
      expect(problems({ ...mutual, GRPC_TLS_ALLOWED_CLIENTS: ' , ' })).toEqual([expect.stringMatching(/^GRPC_TLS_ALLOWED_CLIENTS: names no client/)]);
      expect(problems({ GRPC_TLS_ALLOWED_CLIENTS: 'edge' })).toEqual([expect.stringMatching(/^GRPC_TLS_ALLOWED_CLIENTS: takes effect only with GRPC_TLS=true/)]);
    });

    it('a server needs its certificate; a client-only process does not', () => {
      expect(problems({ GRPC_TLS: 'true' })).toEqual([expect.stringMatching(/^GRPC_TLS_CERT_FILE: is required with GRPC_TLS=true/)]);
      expect(loadConfig(clientSchema, { GRPC_TLS: 'true', GRPC_TLS_CA_FILE: pki.ca }).grpcTls).toEqual({ rootCerts: expect.any(Buffer), requireClientCert: false });
    });

    it('a missing file is named once, with the reason', () => {
      expect(problems({ ...serverTls(), GRPC_TLS_CERT_FILE: missing })).toEqual([`GRPC_TLS_CERT_FILE: cannot read ${missing} (ENOENT)`]);
    });

    it('a file of the wrong kind is refused', () => {
      expect(problems({ ...serverTls(), GRPC_TLS_CERT_FILE: pki.serverKey, GRPC_TLS_KEY_FILE: pki.serverCert })).toEqual([
        `GRPC_TLS_CERT_FILE: ${pki.serverKey} holds no PEM certificate`,
        `GRPC_TLS_KEY_FILE: ${pki.serverCert} is not an unencrypted PEM private key`,
      ]);
    });

    it('incomplete pairs, a key of another certificate, and mutual tls without a CA are each named', () => {
      expect(problems({ GRPC_TLS: 'true', GRPC_TLS_CERT_FILE: pki.serverCert, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true', GRPC_TLS_CLIENT_KEY_FILE: pki.clientKey })).toEqual([
        'GRPC_TLS_KEY_FILE: is required with GRPC_TLS_CERT_FILE: both or neither',
        'GRPC_TLS_CLIENT_CERT_FILE: is required with GRPC_TLS_CLIENT_KEY_FILE: both or neither',
        expect.stringMatching(/^GRPC_TLS_CA_FILE: is required with GRPC_TLS_REQUIRE_CLIENT_CERT=true/),
      ]);
      expect(problems({ ...serverTls(), GRPC_TLS_KEY_FILE: pki.clientKey })).toEqual(['GRPC_TLS_KEY_FILE: does not belong to the certificate in GRPC_TLS_CERT_FILE']);
    });

    it('tls variables without GRPC_TLS=true are refused, not ignored', () => {
      expect(problems({ GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true' })).toEqual([
        'GRPC_TLS_CA_FILE: takes effect only with GRPC_TLS=true: set GRPC_TLS=true or remove it',
        'GRPC_TLS_REQUIRE_CLIENT_CERT: takes effect only with GRPC_TLS=true: set GRPC_TLS=true or remove it',
      ]);
    });
  });

  describe('Kafka', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'identity', KAFKA_SASL_PASSWORD: 'env-s3cret' };

    it('tls with a CA and a client certificate, and SCRAM with the password from a file', () => {
      const env = { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: pki.ca, KAFKA_SSL_CERT_FILE: pki.clientCert, KAFKA_SSL_KEY_FILE: pki.clientKey, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'identity', KAFKA_SASL_PASSWORD_FILE: passwordFile };
      const { kafkaSecurity } = loadConfig(serverSchema, env);
      expect(kafkaSecurity.ssl).toEqual({ ca: expect.any(Buffer), cert: expect.any(Buffer), key: expect.any(Buffer) });
      expect(kafkaSecurity.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'identity', password: 'from-the-file-s3cret' });
    });

    it('sasl without tls is refused unless KAFKA_SASL_ALLOW_PLAINTEXT=true', () => {
      expect(problems(sasl)).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM: without KAFKA_SSL=true the credentials .* unencrypted/)]);
      const allowed = loadConfig(serverSchema, { ...sasl, KAFKA_SASL_ALLOW_PLAINTEXT: 'true' }).kafkaSecurity;
      expect(allowed).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'identity', password: 'env-s3cret' }, allowSaslWithoutSsl: true });
      expect(loadConfig(serverSchema, { ...sasl, KAFKA_SSL: 'true' }).kafkaSecurity).toEqual({ ssl: {}, sasl: allowed.sasl, allowSaslWithoutSsl: false });
    });

    it('incomplete sasl and tls settings are each named', () => {
      expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'x', KAFKA_SASL_PASSWORD_FILE: passwordFile, KAFKA_SSL_KEY_FILE: pki.clientKey })).toEqual([
        'KAFKA_SSL_CERT_FILE: is required with KAFKA_SSL_KEY_FILE: both or neither',
        'KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_PASSWORD_FILE: cannot be combined with KAFKA_SASL_PASSWORD: set one of the two',
      ]);
      expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toEqual([expect.stringMatching(/^KAFKA_SASL_PASSWORD: is required/)]);
      expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM: Invalid enum value/)]);
      expect(problems({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: emptyFile })).toEqual([`KAFKA_SASL_PASSWORD_FILE: ${emptyFile} is empty`]);
    });

    it('credentials without a mechanism and tls files without KAFKA_SSL=true are refused, not ignored', () => {
      expect(problems({ KAFKA_SSL_CA_FILE: pki.ca, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
        'KAFKA_SSL_CA_FILE: takes effect only with KAFKA_SSL=true: set KAFKA_SSL=true or remove it',
        'KAFKA_SASL_USERNAME: takes effect only with KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)',
        'KAFKA_SASL_PASSWORD: takes effect only with KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512)',
      ]);
    });
  });

  it('every problem of both groups is listed at once, with the other fields', () => {
    const env = { NAME: 'x', GRPC_TLS: 'true', GRPC_TLS_CA_FILE: missing, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true', KAFKA_SSL_CA_FILE: missing, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    const listed = problems(env);
    expect(listed).toEqual(expect.arrayContaining([
      expect.stringMatching(/^NAME: String must contain at least 2/),
      `GRPC_TLS_CA_FILE: cannot read ${missing} (ENOENT)`,
      `KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`,
      expect.stringMatching(/^GRPC_TLS_CERT_FILE: is required with GRPC_TLS=true/),
      'KAFKA_SSL_CA_FILE: takes effect only with KAFKA_SSL=true: set KAFKA_SSL=true or remove it',
      expect.stringMatching(/^KAFKA_SASL_MECHANISM: without KAFKA_SSL=true/),
    ]));
    expect(listed).toHaveLength(6);
  });

  it('logging the config shows file paths, never key material or the password', () => {
    const env = { GRPC_TLS: 'true', GRPC_TLS_CERT_FILE: pki.serverCert, GRPC_TLS_KEY_FILE: pki.serverKey, KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: pki.clientCert, KAFKA_SSL_KEY_FILE: pki.clientKey, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'identity', KAFKA_SASL_PASSWORD: 'env-s3cret' };
    const config = loadConfig(serverSchema, env);
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(String(chunk))) });
    const logger = createLogger({ service: 'test', destination });
    logger.info(config, 'config spread');
    logger.info({ config }, 'config nested');
    logger.info({ sasl: config.kafkaSecurity.sasl, ssl: config.kafkaSecurity.ssl, server: config.grpcTls?.serverIdentity }, 'parts');
    const written = [...lines, inspect(config, { depth: 10 }), String(config.kafkaSecurity.sasl)].join('\n');
    expect(written).toContain(pki.serverKey);
    expect(written).not.toContain('env-s3cret');
    // Key material would show as PEM text, a JSON Buffer (an array of bytes) or an inspected Buffer.
    expect(written).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|"Buffer"|<Buffer|unable to serialize/);
  });
});
