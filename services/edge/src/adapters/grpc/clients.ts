import { createResilientClient, type GrpcTls, type ResilientClient } from '@qilbee/grpc-kit';
import { auditV1, authV1, healthV1, identityV1, ratelimitV1 } from '@qilbee/contracts';
import type { AuditPort, AuthPort, DependencyProbe, IdentityPort, RateLimitPort } from '../../app/ports';

export interface GrpcAddresses {
  auth: string;
  identity: string;
  ratelimit: string;
  audit: string;
}

/**
 * Each dependency behind its own deadline and circuit breaker (grpc-kit's resilient client); with
 * `tls`, every client, the /ready health probes included, verifies the services (mutual TLS when
 * the settings carry a client certificate).
 */
export interface Deadlines {
  /** Rate-limit checks. */
  defaultMs: number;
  /** Identity and auth. */
  accountMs: number;
  auditMs: number;
}

export function connectDependencies(addresses: GrpcAddresses, deadlines: Deadlines, tls?: GrpcTls) {
  const identity = createResilientClient(identityV1.IdentityServiceClient, addresses.identity, { name: 'identity', deadlineMs: deadlines.accountMs, tls });
  const auth = createResilientClient(authV1.AuthServiceClient, addresses.auth, { name: 'auth', deadlineMs: deadlines.accountMs, tls });
  const ratelimit = createResilientClient(ratelimitV1.RateLimitServiceClient, addresses.ratelimit, { name: 'ratelimit', deadlineMs: deadlines.defaultMs, tls });
  const audit = createResilientClient(auditV1.AuditServiceClient, addresses.audit, { name: 'audit', deadlineMs: deadlines.auditMs, tls });
  const health = Object.fromEntries(
    Object.entries(addresses).map(([name, address]) => [name, createResilientClient(healthV1.HealthClient, address, { name: `${name}-health`, deadlineMs: 1000, tls })]),
  ) as Record<keyof GrpcAddresses, ResilientClient<healthV1.HealthClient>>;
  return { identity, auth, ratelimit, audit, health };
}

export function identityAdapter(c: ResilientClient<identityV1.IdentityServiceClient>): IdentityPort {
  return {
    createUser: (r) => c.call('createUser', r),
    getUser: (r) => c.call('getUser', r),
    listUsers: (r) => c.call('listUsers', r),
    updateUser: (r) => c.call('updateUser', r),
    changePassword: (r) => c.call('changePassword', r),
    assignRoles: (r) => c.call('assignRoles', r),
    deleteUser: (r) => c.call('deleteUser', r),
    listRoles: (r) => c.call('listRoles', r),
    defineRole: (r) => c.call('defineRole', r),
    deleteRole: (r) => c.call('deleteRole', r),
    createApiKey: (r) => c.call('createApiKey', r),
    listApiKeys: (r) => c.call('listApiKeys', r),
    revokeApiKey: (r) => c.call('revokeApiKey', r),
    rotateApiKey: (r) => c.call('rotateApiKey', r),
    verifyApiKey: (r) => c.call('verifyApiKey', r),
  };
}

export function authAdapter(c: ResilientClient<authV1.AuthServiceClient>): AuthPort {
  return {
    login: (r) => c.call('login', r),
    refresh: (r) => c.call('refresh', r),
    logout: (r) => c.call('logout', r),
    revoke: (r) => c.call('revoke', r),
    revokeAllForUser: (r) => c.call('revokeAllForUser', r),
    listRevocations: (r) => c.call('listRevocations', r),
    getJwks: (r) => c.call('getJwks', r),
    getLockoutStatus: (r) => c.call('getLockoutStatus', r),
    listLockouts: (r) => c.call('listLockouts', r),
    lockAccount: (r) => c.call('lockAccount', r),
    unlockAccount: (r) => c.call('unlockAccount', r),
  };
}

export function rateLimitAdapter(c: ResilientClient<ratelimitV1.RateLimitServiceClient>): RateLimitPort {
  return {
    check: (r) => c.call('check', r),
    createPolicy: (r) => c.call('createPolicy', r),
    getPolicy: (r) => c.call('getPolicy', r),
    listPolicies: (r) => c.call('listPolicies', r),
    updatePolicy: (r) => c.call('updatePolicy', r),
    deletePolicy: (r) => c.call('deletePolicy', r),
  };
}

export function auditAdapter(c: ResilientClient<auditV1.AuditServiceClient>): AuditPort {
  return {
    query: (r) => c.call('query', r),
    verify: (r) => c.call('verify', r),
  };
}

/** /ready probes: the standard gRPC health check of each dependency. */
export function healthProbes(health: Record<string, ResilientClient<healthV1.HealthClient>>): DependencyProbe[] {
  return Object.entries(health).map(([name, client]) => ({
    name,
    check: async () => {
      const response = await client.call('check', { service: '' });
      return response.status === healthV1.HealthCheckResponse_ServingStatus.SERVING;
    },
  }));
}
