import { authV1 } from '@qilbee/contracts';
import type { handleUnaryCall } from '@grpc/grpc-js';
import { implement, type AsyncUnaryHandler } from '@qilbee/grpc-kit';
import { DomainError } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { AuthApp } from '../../app/authApp';
import { adminReason } from '../../app/revokeAllForUser';
import { contextOf, toLockoutStatus, toLoginResponse, toRefreshResponse, toRevocation } from './grpcMappings';

export const AUTH_SERVICE_NAME = 'qilbee.auth.v1.AuthService';

function required(value: string, field: string): string {
  if (value.trim() === '') throw new DomainError('invalid_argument', `${field} is required`, 'missing_field', [{ field, message: 'is required' }]);
  return value;
}

/**
 * The generated server interface carries an index signature (UntypedServiceImplementation), which
 * grpc-kit's `implement` typing cannot see through; this keeps every handler fully typed anyway.
 */
type WithoutIndex<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type AuthHandlers = {
  [K in keyof WithoutIndex<authV1.AuthServiceServer>]: authV1.AuthServiceServer[K] extends handleUnaryCall<infer Req, infer Res> ? AsyncUnaryHandler<Req, Res> : never;
};

/** The gRPC face of the auth app: translate, call, translate back. Decides nothing. */
export function authGrpcService(app: AuthApp, logger: Logger): authV1.AuthServiceServer {
  const handlers: AuthHandlers = {
    login: async (req) => toLoginResponse(await app.login(required(req.username, 'username'), req.password, contextOf(req.context))),
    refresh: async (req) => toRefreshResponse(await app.refresh(req.refreshToken, req.accessToken || undefined, contextOf(req.context))),
    logout: async (req) => {
      await app.logout(required(req.accessToken, 'access_token'), contextOf(req.context));
      return {};
    },
    revoke: async (req) => app.revoke(required(req.token, 'token'), contextOf(req.context)),
    revokeAllForUser: async (req) => {
      const result = await app.revokeAllForUser(required(req.userId, 'user_id'), adminReason(req.reason), contextOf(req.context));
      return { previouslyRevokedCount: result.previouslyRevokedCount };
    },
    introspect: async (req) => {
      const result = await app.introspect(req.token);
      if (!result.active) return { active: false, sub: '', username: '', roles: [], jti: '', exp: 0, iat: 0, reason: result.reason, sessionId: '' };
      const { sub, username, roles, jti, exp, iat, sid } = result.claims;
      return { active: true, sub, username, roles, jti, exp, iat, reason: '', sessionId: sid };
    },
    listRevocations: async () => ({ revocations: (await app.listRevocations()).map(toRevocation) }),
    getJwks: async () => ({ jwksJson: JSON.stringify(await app.jwks()) }),
    rotateSigningKey: async (req) => ({ kid: await app.rotateSigningKey(contextOf(req.context)) }),
    getLockoutStatus: async (req) => ({ username: req.username, status: toLockoutStatus(await app.lockoutStatus(required(req.username, 'username'))) }),
    listLockouts: async () => ({ lockedUsers: (await app.listLockouts()).map((entry) => ({ username: entry.username, status: toLockoutStatus(entry.status) })) }),
    lockAccount: async (req) => ({ status: toLockoutStatus(await app.lockAccount(required(req.username, 'username'), req.reason || null, contextOf(req.context))) }),
    unlockAccount: async (req) => ({ status: toLockoutStatus(await app.unlockAccount(required(req.username, 'username'), contextOf(req.context))) }),
    noop: async () => ({}),
  };
  return implement<authV1.AuthServiceServer>(AUTH_SERVICE_NAME, logger, handlers as never);
}
