import pino from 'pino';
import { Metadata, status } from '@grpc/grpc-js';
import { identityV1 } from '@qilbee/contracts';
import { DomainError } from '@qilbee/kernel';
import { createResilientClient } from './client';
import { startGrpcServer, type RunningGrpcServer } from './server';
import { implement } from './unary';

const logger = pino({ level: 'silent' });

describe('grpc-kit over a real gRPC connection', () => {
  let server: RunningGrpcServer;
  let calls = 0;

  beforeAll(async () => {
    const implementation = implement<Pick<identityV1.IdentityServiceServer, 'getUser' | 'noop'>>('identity', logger, {
      getUser: async (request) => {
        calls += 1;
        if (request.userId === 'missing') throw new DomainError('not_found', 'User not found', 'user_not_found');
        if (request.userId === 'weak') {
          throw new DomainError('invalid_argument', 'weak', 'weak_password', [{ field: 'password', message: 'min_length' }], { violations: ['min_length'] });
        }
        if (request.userId === 'boom') throw new Error('secret internal detail');
        return { user: { id: request.userId, username: 'alice', email: 'a@example.com', roles: ['Read'], isActive: true, createdAt: '', updatedAt: '' } };
      },
      noop: async () => ({}),
    });
    server = await startGrpcServer({ port: 0, logger, services: [{ name: 'qilbee.identity.v1.IdentityService', definition: identityV1.IdentityServiceService, implementation: implementation as never }] });
  });
  afterAll(() => server.shutdown(1000));

  function client(deadlineMs = 2000) {
    return createResilientClient(identityV1.IdentityServiceClient, `127.0.0.1:${server.port}`, { name: 'identity', deadlineMs });
  }

  it('returns typed responses', async () => {
    const identity = client();
    const response = await identity.call('getUser', { userId: 'u1' });
    expect(response.user?.username).toBe('alice');
    identity.close();
  });

  it('carries a DomainError across the wire with its reason and violations', async () => {
    const identity = client();
    await expect(identity.call('getUser', { userId: 'missing' })).rejects.toMatchObject({ code: 'not_found', reason: 'user_not_found' });
    await expect(identity.call('getUser', { userId: 'weak' })).rejects.toMatchObject({
      code: 'invalid_argument',
      reason: 'weak_password',
      violations: [{ field: 'password', message: 'min_length' }],
      details: { violations: ['min_length'] },
    });
    identity.close();
  });

  it('hides internal errors behind INTERNAL', async () => {
    const identity = client();
    const error = await identity.call('getUser', { userId: 'boom' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toContain('secret internal detail');
    expect(String(error)).toContain(status[status.INTERNAL]);
    identity.close();
  });

  it('domain errors never open the breaker; an unreachable server fails fast as unavailable', async () => {
    const identity = client();
    for (let i = 0; i < 10; i += 1) await identity.call('getUser', { userId: 'missing' }).catch(() => undefined);
    expect(identity.isOpen).toBe(false);
    identity.close();
    const dead = createResilientClient(identityV1.IdentityServiceClient, '127.0.0.1:1', { name: 'dead', deadlineMs: 300 });
    const started = Date.now();
    for (let i = 0; i < 6; i += 1) {
      await expect(dead.call('getUser', { userId: 'x' }, new Metadata())).rejects.toMatchObject({ code: 'unavailable' });
    }
    expect(dead.isOpen).toBe(true);
    expect(Date.now() - started).toBeLessThan(6 * 1000);
    dead.close();
  });

  it('serves grpc.health.v1 and stops serving on shutdown', async () => {
    expect(server.health.get('qilbee.identity.v1.IdentityService')).toBe(1);
  });
});
