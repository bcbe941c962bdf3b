import { identityV1 } from '@qilbee/contracts';
import { assertNever } from '@qilbee/kernel';
import type { IdentityApp } from '../../app/identityApp';
import { toCallContext } from '../../app/callContext';
import { toProtoPrincipal, toProtoUser } from './toProto';

const PasswordOutcome = identityV1.VerifyPasswordResponse_Outcome;

/** User RPCs: translate, call the use case, translate back. No decisions here. */
export function userHandlers(app: IdentityApp) {
  return {
    createUser: async (req: identityV1.CreateUserRequest) => {
      const user = await app.createUser(toCallContext(req.context), { username: req.username, email: req.email, password: req.password, roles: req.roles });
      return { user: toProtoUser(user) };
    },
    getUser: async (req: identityV1.GetUserRequest) => ({ user: toProtoUser(await app.getUser(toCallContext(req.context), req.userId)) }),
    listUsers: async (req: identityV1.ListUsersRequest) => {
      const page = await app.listUsers(toCallContext(req.context), { limit: req.limit, cursor: req.cursor, role: req.role, status: req.status });
      return { users: page.users.map(toProtoUser), nextCursor: page.nextCursor };
    },
    updateUser: async (req: identityV1.UpdateUserRequest) => {
      const user = await app.updateUser(toCallContext(req.context), { userId: req.userId, email: req.email, isActive: req.isActive });
      return { user: toProtoUser(user) };
    },
    changePassword: async (req: identityV1.ChangePasswordRequest) => {
      const user = await app.changePassword(toCallContext(req.context), { userId: req.userId, newPassword: req.newPassword, currentPassword: req.currentPassword });
      return { user: toProtoUser(user) };
    },
    assignRoles: async (req: identityV1.AssignRolesRequest) => ({ user: toProtoUser(await app.assignRoles(toCallContext(req.context), req.userId, req.roles)) }),
    deleteUser: async (req: identityV1.DeleteUserRequest) => {
      await app.deleteUser(toCallContext(req.context), req.userId);
      return {};
    },
    verifyPassword: async (req: identityV1.VerifyPasswordRequest): Promise<identityV1.VerifyPasswordResponse> => {
      const outcome = await app.verifyPassword(req.username, req.password);
      switch (outcome.code) {
        case 'valid':
          return { outcome: PasswordOutcome.OUTCOME_VALID, principal: toProtoPrincipal(outcome.principal), userId: outcome.principal.userId };
        case 'invalid':
          return { outcome: PasswordOutcome.OUTCOME_INVALID, userId: outcome.userId ?? '' };
        case 'disabled':
          return { outcome: PasswordOutcome.OUTCOME_DISABLED, userId: outcome.userId };
        default:
          return assertNever(outcome);
      }
    },
    getPrincipal: async (req: identityV1.GetPrincipalRequest) => ({ principal: toProtoPrincipal(req.userId || !req.username ? await app.getPrincipal(req.userId) : await app.getPrincipalByUsername(req.username)) }),
    checkPermission: async (req: identityV1.CheckPermissionRequest) => ({ allowed: await app.checkPermission(req.userId, req.permission) }),
  };
}
