import { identityV1 } from '@qilbee/contracts';
import { implement, type ServiceRegistration } from '@qilbee/grpc-kit';
import type { Logger } from '@qilbee/logger';
import type { IdentityApp } from '../../app/identityApp';
import { toCallContext } from '../../app/callContext';
import { toProtoRole } from './toProto';
import { userHandlers } from './userHandlers';
import { apiKeyHandlers } from './apiKeyHandlers';

export const IDENTITY_SERVICE_NAME = 'qilbee.identity.v1.IdentityService';

/**
 * The generated server type without grpc-js's string index signature, which grpc-kit's
 * `implement` would otherwise map to `never` for every method.
 */
type IdentityMethods = {
  [K in keyof identityV1.IdentityServiceServer as string extends K ? never : K]: identityV1.IdentityServiceServer[K];
};

/** The gRPC face of the identity service; errors are mapped once, by grpc-kit. */
export function identityService(app: IdentityApp, logger: Logger): ServiceRegistration {
  const implementation = implement<IdentityMethods>(IDENTITY_SERVICE_NAME, logger, {
    ...userHandlers(app),
    ...apiKeyHandlers(app),
    defineRole: async (req) => ({ role: toProtoRole(await app.defineRole(toCallContext(req.context), req.name, req.permissions)) }),
    deleteRole: async (req) => {
      await app.deleteRole(toCallContext(req.context), req.name);
      return {};
    },
    listRoles: async () => ({ roles: (await app.listRoles()).map(toProtoRole) }),
    noop: async () => ({}),
  });
  return { name: IDENTITY_SERVICE_NAME, definition: identityV1.IdentityServiceService, implementation: implementation as never };
}
