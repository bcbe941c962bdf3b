import pino from 'pino';
import { loadConfig, transportSecurityFields, withTransportSecurity, z } from '@qilbee/config';
import { identityV1 } from '@qilbee/contracts';
import { DomainError } from '@qilbee/kernel';
import { createResilientClient } from './client';
import { grpcServing } from './healthProbe';
import { startGrpcServer, type RunningGrpcServer } from './server';
import type { GrpcTls } from './tls';
import { createTestPki, type TestPki } from '@qilbee/testkit';
import { implement } from './unary';

const logger = pino({ level: 'silent' });

/** Settings exactly as a service gets them: GRPC_TLS_* variables through @qilbee/config. */
function tlsOf(env: Record<string, string>, servesGrpc = false): GrpcTls | undefined {
  return loadConfig(withTransportSecurity(z.object(transportSecurityFields), { servesGrpc }), { GRPC_TLS: 'true', ...env }).grpcTls;
}

const implementation = implement<Pick<identityV1.IdentityServiceServer, 'getUser' | 'noop'>>('identity', logger, {
  getUser: async (request) => {
    if (request.userId === 'missing') throw new DomainError('not_found', 'User not found', 'user_not_found');
    // Slower than the callers' deadline: the deadline, not the server, must end the call.
    if (request.userId === 'slow') await new Promise((resolve) => setTimeout(resolve, 400));
    return { user: { id: request.userId, username: 'alice', email: 'a@example.com', roles: ['Read'], isActive: true, createdAt: '', updatedAt: '' } };
  },
  noop: async () => ({}),
});

function serve(tls: GrpcTls | undefined): Promise<RunningGrpcServer> {
  return startGrpcServer({ port: 0, logger, tls, services: [{ name: 'qilbee.identity.v1.IdentityService', definition: identityV1.IdentityServiceService, implementation: implementation as never }] });
}

describe('grpc-kit over TLS and mutual TLS (certificates from a throwaway CA)', () => {
  let pki: TestPki;
  let tlsServer: RunningGrpcServer;
  let mutualServer: RunningGrpcServer;
  let namedServer: RunningGrpcServer;
  let edgeOnlyServer: RunningGrpcServer;
  const opened: Array<{ close(): void }> = [];

  beforeAll(async () => {
    pki = createTestPki();
    const identity = { GRPC_TLS_CERT_FILE: pki.serverCert, GRPC_TLS_KEY_FILE: pki.serverKey };
    tlsServer = await serve(tlsOf(identity, true));
    mutualServer = await serve(tlsOf({ ...identity, GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true' }, true));
    namedServer = await serve(tlsOf({ GRPC_TLS_CERT_FILE: pki.namedServerCert, GRPC_TLS_KEY_FILE: pki.namedServerKey }, true));
    edgeOnlyServer = await serve(tlsOf({ ...identity, GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_REQUIRE_CLIENT_CERT: 'true', GRPC_TLS_ALLOWED_CLIENTS: 'edge, auth' }, true));
  });
  afterAll(async () => {
    for (const client of opened) client.close();
    await Promise.all([tlsServer, mutualServer, namedServer, edgeOnlyServer].map((server) => server?.shutdown(1000)));
    pki?.remove();
  });

  function client(server: RunningGrpcServer, tls: GrpcTls | undefined, deadlineMs = 3000) {
    const created = createResilientClient(identityV1.IdentityServiceClient, `127.0.0.1:${server.port}`, { name: 'identity', deadlineMs, tls });
    opened.push(created);
    return created;
  }

  const trustingCa = () => tlsOf({ GRPC_TLS_CA_FILE: pki.ca });
  const withClientCert = () => tlsOf({ GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_CLIENT_CERT_FILE: pki.clientCert, GRPC_TLS_CLIENT_KEY_FILE: pki.clientKey });
  const refused = { code: 'unavailable' };

  it('tls: a server answers a client that trusts its CA; a plaintext client gets nothing', async () => {
    const response = await client(tlsServer, trustingCa()).call('getUser', { userId: 'u1' });
    expect(response.user?.username).toBe('alice');
    await expect(client(tlsServer, undefined).call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
    expect(await grpcServing(`127.0.0.1:${tlsServer.port}`, { tls: trustingCa() })).toBe(true);
    expect(await grpcServing(`127.0.0.1:${tlsServer.port}`)).toBe(false);
  });

  it('tls: a client that trusts another CA refuses the server', async () => {
    await expect(client(tlsServer, tlsOf({ GRPC_TLS_CA_FILE: pki.otherCa })).call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
  });

  it('mutual tls: no client certificate or one from another CA is refused; one from the CA is served', async () => {
    await expect(client(mutualServer, trustingCa()).call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
    const intruder = tlsOf({ GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_CLIENT_CERT_FILE: pki.otherClientCert, GRPC_TLS_CLIENT_KEY_FILE: pki.otherClientKey });
    await expect(client(mutualServer, intruder).call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
    const response = await client(mutualServer, withClientCert()).call('getUser', { userId: 'u2' });
    expect(response.user?.id).toBe('u2');
    expect(await grpcServing(`127.0.0.1:${mutualServer.port}`, { tls: withClientCert() })).toBe(true);
    expect(await grpcServing(`127.0.0.1:${mutualServer.port}`, { tls: trustingCa() })).toBe(false);
  });

  it('server name: a certificate issued to another name is refused unless GRPC_TLS_SERVER_NAME names it', async () => {
    await expect(client(namedServer, trustingCa()).call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
    const named = tlsOf({ GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_SERVER_NAME: 'identity.internal' });
    expect((await client(namedServer, named).call('getUser', { userId: 'u3' })).user?.id).toBe('u3');
  });

  it('resilient client over mutual tls: domain errors pass through, the deadline holds, refusals open the breaker', async () => {
    const identity = client(mutualServer, withClientCert(), 150);
    for (let i = 0; i < 10; i += 1) await expect(identity.call('getUser', { userId: 'missing' })).rejects.toMatchObject({ code: 'not_found', reason: 'user_not_found' });
    expect(identity.isOpen).toBe(false);
    await expect(identity.call('getUser', { userId: 'slow' })).rejects.toMatchObject(refused);

    const anonymous = client(mutualServer, trustingCa(), 1000);
    for (let i = 0; i < 5; i += 1) await expect(anonymous.call('getUser', { userId: 'u1' })).rejects.toMatchObject(refused);
    expect(anonymous.isOpen).toBe(true);
    await expect(anonymous.call('getUser', { userId: 'u1' })).rejects.toMatchObject({ code: 'unavailable', message: 'identity is unavailable' });
    expect((await identity.call('getUser', { userId: 'u4' })).user?.id).toBe('u4');
  });

  it('allowed clients: only certificates by those names are answered; the health service stays open to the CA', async () => {
    expect((await client(edgeOnlyServer, withClientCert()).call('getUser', { userId: 'u5' })).user?.id).toBe('u5');
    const otherService = tlsOf({ GRPC_TLS_CA_FILE: pki.ca, GRPC_TLS_CLIENT_CERT_FILE: pki.serviceClientCert, GRPC_TLS_CLIENT_KEY_FILE: pki.serviceClientKey });
    const ratelimit = client(edgeOnlyServer, otherService);
    for (let i = 0; i < 6; i += 1) await expect(ratelimit.call('getUser', { userId: 'u6' })).rejects.toMatchObject({ code: 'permission_denied' });
    // A refusal is an answer: it must not open the breaker as if the service were down.
    expect(ratelimit.isOpen).toBe(false);
    expect(await grpcServing(`127.0.0.1:${edgeOnlyServer.port}`, { tls: otherService })).toBe(true);
  });
});
