import { identityV1 } from '@qilbee/contracts';
import { startGrpcServer, type RunningGrpcServer } from '@qilbee/grpc-kit';
import type { Logger } from '@qilbee/logger';
import type { FakeIdentity } from '../app/inMemory/fakeIdentity';

/**
 * A real gRPC IdentityService with fake behaviour (VerifyPassword, GetPrincipal from a FakeIdentity),
 * so auth's integration tests exercise the wire without the identity service.
 */
export async function startFakeIdentityServer(identity: FakeIdentity, logger: Logger): Promise<RunningGrpcServer> {
  const implementation = {
    verifyPassword: (call: { request: identityV1.VerifyPasswordRequest }, callback: (error: null, response: identityV1.VerifyPasswordResponse) => void) => {
      void identity.verifyPassword(call.request.username, call.request.password).then((check) => {
        const outcome =
          check.outcome === 'valid' ? identityV1.VerifyPasswordResponse_Outcome.OUTCOME_VALID : check.outcome === 'disabled' ? identityV1.VerifyPasswordResponse_Outcome.OUTCOME_DISABLED : identityV1.VerifyPasswordResponse_Outcome.OUTCOME_INVALID;
        const principal = check.outcome === 'valid' ? { ...check.principal, permissions: [], apiKeyId: '' } : undefined;
        callback(null, { outcome, principal, userId: check.outcome === 'valid' ? check.principal.userId : (check.userId ?? '') });
      });
    },
    getPrincipal: (call: { request: identityV1.GetPrincipalRequest }, callback: (error: { code: number; details: string } | null, response?: identityV1.GetPrincipalResponse) => void) => {
      const userId = call.request.userId || !call.request.username ? Promise.resolve(call.request.userId) : identity.userIdOf(call.request.username).then((id) => id ?? '');
      void userId.then((id) => identity.getPrincipal(id)).then((principal) => {
        if (!principal) callback({ code: 5, details: 'user not found' });
        else callback(null, { principal: { ...principal, permissions: [], apiKeyId: '' } });
      });
    },
  };
  return startGrpcServer({ port: 0, services: [{ name: 'qilbee.identity.v1.IdentityService', definition: identityV1.IdentityServiceService, implementation: implementation as never }], logger });
}
