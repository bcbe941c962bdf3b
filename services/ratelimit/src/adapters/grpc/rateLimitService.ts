import { ratelimitV1 } from '@qilbee/contracts';
import { implement, type ServiceRegistration } from '@qilbee/grpc-kit';
import type { Logger } from '@qilbee/logger';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { RateLimitChecker } from '../../app/checkRateLimit';
import type { PolicyService } from '../../app/managePolicies';
import type { KnownMethods } from './knownMethods';
import { toCheckInput, toCheckResponse } from './checkMapping';
import { toMetadata, toPolicyInput, toPolicyUpdate, toProtoPolicy } from './policyMapping';

export const RATELIMIT_SERVICE_NAME = 'qilbee.ratelimit.v1.RateLimitService';

export interface RateLimitServiceDeps {
  checker: RateLimitChecker;
  policies: PolicyService;
  status: () => ratelimitV1.GetStatusResponse;
  logger: Logger;
}

/** Our own gRPC API: translation in, use case, translation out. */
export function rateLimitServiceRegistration(deps: RateLimitServiceDeps): ServiceRegistration {
  const { checker, policies } = deps;
  const implementation = implement<KnownMethods<ratelimitV1.RateLimitServiceServer>>(RATELIMIT_SERVICE_NAME, deps.logger, {
    check: async (request) => toCheckResponse(await checker.check(toCheckInput(request))),
    createPolicy: async (request) => ({ policy: toProtoPolicy(await policies.create(toPolicyInput(request), toMetadata(request.context))) }),
    getPolicy: async (request) => ({ policy: toProtoPolicy(await policies.get(request.policyId)) }),
    listPolicies: async () => ({ policies: (await policies.list()).map(toProtoPolicy) }),
    updatePolicy: async (request) => ({
      policy: toProtoPolicy(await policies.update(request.policyId, toPolicyUpdate(request), toMetadata(request.context))),
    }),
    deletePolicy: async (request) => {
      await policies.delete(request.policyId, toMetadata(request.context));
      return {};
    },
    noop: async () => ({}),
    getStatus: async () => deps.status(),
  });
  return {
    name: RATELIMIT_SERVICE_NAME,
    definition: ratelimitV1.RateLimitServiceService,
    implementation: implementation as unknown as UntypedServiceImplementation,
  };
}
