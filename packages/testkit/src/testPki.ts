import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** File paths of a throwaway private CA and certificates it issued (EC P-256, valid two days). */
export interface TestPki {
  dir: string;
  ca: string;
  /** Server certificate for `localhost` and 127.0.0.1, and its key. */
  serverCert: string;
  serverKey: string;
  /** Server certificate for `identity.internal` only (to exercise the server-name override). */
  namedServerCert: string;
  namedServerKey: string;
  /** Client certificate (CN=edge) for mutual TLS. */
  clientCert: string;
  clientKey: string;
  /** Another client certificate from the same CA (CN=ratelimit): valid, but not the edge. */
  serviceClientCert: string;
  serviceClientKey: string;
  /** Another CA, and a client certificate it issued: neither is trusted by the first. */
  otherCa: string;
  otherClientCert: string;
  otherClientKey: string;
  remove(): void;
}

const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

const NEW_EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function createCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', '-new', ...NEW_EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

function issue(dir: string, ca: string, name: string, extensions: string[]): void {
  writeFileSync(path.join(dir, `${name}.ext`), ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', ...extensions].join('\n'));
  openssl(dir, 'req', '-new', ...NEW_EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  const serial = `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', serial, '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
}

/** Generates the PKI with the `openssl` command into a fresh temporary directory. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'qilbee-pki-'));
  createCa(dir, 'ca');
  createCa(dir, 'other-ca');
  issue(dir, 'ca', 'server', ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  issue(dir, 'ca', 'named-server', ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:identity.internal']);
  issue(dir, 'ca', 'edge', ['extendedKeyUsage=clientAuth']);
  issue(dir, 'ca', 'ratelimit', ['extendedKeyUsage=clientAuth', 'subjectAltName=DNS:ratelimit.internal']);
  issue(dir, 'other-ca', 'intruder', ['extendedKeyUsage=clientAuth']);
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    ca: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    namedServerCert: file('named-server.pem'),
    namedServerKey: file('named-server.key'),
    clientCert: file('edge.pem'),
    clientKey: file('edge.key'),
    serviceClientCert: file('ratelimit.pem'),
    serviceClientKey: file('ratelimit.key'),
    otherCa: file('other-ca.pem'),
    otherClientCert: file('intruder.pem'),
    otherClientKey: file('intruder.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
