import { Metadata } from '@grpc/grpc-js';
import { identityV1 } from '@qilbee/contracts';
import { createResilientClient, type GrpcTls, type ResilientClient } from '@qilbee/grpc-kit';
import { isDomainError } from '@qilbee/kernel';
import type { IdentityPort, PasswordCheck, Principal } from '../../app/ports/identityPort';
import type { RequestContext } from '../../app/requestContext';

function toPrincipal(principal: identityV1.Principal | undefined): Principal | undefined {
  if (!principal) return undefined;
  return { userId: principal.userId, username: principal.username, roles: principal.roles, isActive: principal.isActive };
}

/** IdentityPort over identity's gRPC API, behind a deadline and a circuit breaker. */
export class GrpcIdentity implements IdentityPort {
  readonly client: ResilientClient<identityV1.IdentityServiceClient>;

  constructor(address: string, deadlineMs: number, tls?: GrpcTls) {
    this.client = createResilientClient(identityV1.IdentityServiceClient, address, { name: 'identity', deadlineMs, tls });
  }

  async verifyPassword(username: string, password: string, context: RequestContext): Promise<PasswordCheck> {
    const metadata = new Metadata();
    if (context.requestId) metadata.set('x-request-id', context.requestId);
    // grpc-kit's ResponseOf cannot infer through the generated overloads, hence the annotation.
    const response = (await this.client.call('verifyPassword', { context, username, password }, metadata)) as identityV1.VerifyPasswordResponse;
    const principal = toPrincipal(response.principal);
    if (response.outcome === identityV1.VerifyPasswordResponse_Outcome.OUTCOME_VALID && principal) return { outcome: 'valid', principal };
    const userId = response.userId ? { userId: response.userId } : {};
    if (response.outcome === identityV1.VerifyPasswordResponse_Outcome.OUTCOME_DISABLED) return { outcome: 'disabled', ...userId };
    return { outcome: 'invalid', ...userId };
  }

  async getPrincipal(userId: string): Promise<Principal | undefined> {
    return toPrincipal(await this.principalOf({ userId, username: '' }));
  }

  async userIdOf(username: string): Promise<string | undefined> {
    return (await this.principalOf({ userId: '', username }))?.userId || undefined;
  }

  /** GetPrincipal by id or by name; undefined when identity has no such user. */
  private async principalOf(request: identityV1.GetPrincipalRequest): Promise<identityV1.Principal | undefined> {
    try {
      return ((await this.client.call('getPrincipal', request)) as identityV1.GetPrincipalResponse).principal;
    } catch (error) {
      if (isDomainError(error) && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  close(): void {
    this.client.close();
  }
}
