import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { implement, type ServiceRegistration } from '@qilbee/grpc-kit';
import type { Logger } from '@qilbee/logger';
import { RateLimitServiceService, type RateLimitServiceServer } from '@qilbee/contracts/src/gen/envoy/service/ratelimit/v3/rls';
import type { RateLimitChecker } from '../../app/checkRateLimit';
import type { KnownMethods } from './knownMethods';
import { fromEnvoyRequest, toEnvoyResponse } from './envoyMapping';

export const ENVOY_RLS_SERVICE_NAME = 'envoy.service.ratelimit.v3.RateLimitService';

/** Envoy's external rate-limit protocol on the same server and the same buckets as our Check. */
export function envoyRateLimitRegistration(checker: RateLimitChecker, logger: Logger): ServiceRegistration {
  const implementation = implement<KnownMethods<RateLimitServiceServer>>(ENVOY_RLS_SERVICE_NAME, logger, {
    shouldRateLimit: async (request) => toEnvoyResponse(await checker.check(fromEnvoyRequest(request))),
  });
  return { name: ENVOY_RLS_SERVICE_NAME, definition: RateLimitServiceService, implementation: implementation as unknown as UntypedServiceImplementation };
}
