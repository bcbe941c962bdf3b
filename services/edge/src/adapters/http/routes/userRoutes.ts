import { z } from '@qilbee/config';
import { EMAIL_PATTERN, USERNAME_PATTERN } from '@qilbee/contracts';
import { canonicalUuid, DomainError } from '@qilbee/kernel';
import { combinedRefusal, passwordViolations, weakPasswordError, type Blocklist } from '@qilbee/password-policy';
import type { IdentityPort } from '../../../app/ports';
import { ROLE_CHANGE_PERMISSION } from '../../../domain/routeTable';
import { requestContext, state } from '../requestState';
import { userJson } from '../representations';
import { body, queryParams, text, validate } from '../validation';
import { roleNames, rolesSchema } from './roles';
import type { Handlers } from './types';

const password = z.string().min(1).max(1024);
const email = z.string().max(320).regex(new RegExp(EMAIL_PATTERN), 'must be a valid email address');
const username = z.string().regex(new RegExp(USERNAME_PATTERN), 'must be 3-64 ASCII letters, digits or ._@- and start with a letter or digit');

/**
 * `email` may be omitted: the QilbeeDB SDK's create_user(username, password) sends it only when
 * `email=` is passed. A user without an email has `""` and reserves none; given emails stay unique.
 */
export const CreateUserBody = z.object({ username, email: email.optional(), password, roles: rolesSchema.optional() }).strict();

/** `roles` is accepted because the SDK's update_user(roles=...) sends it here (needs UserManageRoles). */
export const UpdateUserBody = z
  .object({ email: email.optional(), password: password.optional(), current_password: password.optional(), is_active: z.boolean().optional(), roles: rolesSchema.optional() })
  .strict();

export const RolesBody = z.object({ roles: rolesSchema }).strict();

export const ListUsersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).optional(),
    cursor: z.string().max(512).optional(),
    role: z.string().max(64).optional(),
    status: z.enum(['active', 'inactive']).optional(),
  })
  .strict();

const userId = (params: Record<string, string>): string => {
  const id = params.user_id ?? '';
  if (id.length > 64) throw new DomainError('invalid_argument', 'Invalid user ID format', 'invalid_user_id', [{ field: 'user_id', message: 'too long' }]);
  // Ids are stored in lower case; a UUID in upper case names the same user (RFC 9562).
  return canonicalUuid(id) ?? id;
};

/**
 * A user body the schema refuses is refused once, naming every failed field: when its password is
 * a string the schema did not already refuse, the password policy's verdict joins the refusal
 * (identity, which has the last word, would otherwise only name it on the next try).
 */
function userBody<S extends z.ZodTypeAny>(schema: S, raw: unknown, blocklist: Blocklist): z.infer<S> {
  try {
    return body(schema, raw);
  } catch (error) {
    const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    if (!(error instanceof DomainError) || error.reason !== 'validation_failed' || typeof fields.password !== 'string') throw error;
    if (error.violations.some((violation) => violation.field === 'password')) throw error;
    const rules = passwordViolations(fields.password, typeof fields.username === 'string' ? fields.username : '', blocklist);
    throw rules.length > 0 ? combinedRefusal([error, weakPasswordError(rules)]) : error;
  }
}

export function userRoutes(identity: IdentityPort, blocklist: Blocklist): Handlers {
  return {
    'users.create': async (req, res) => {
      const input = userBody(CreateUserBody, req.body, blocklist);
      const response = await identity.createUser({
        context: requestContext(req, res),
        username: input.username,
        email: input.email ?? '',
        password: input.password,
        roles: roleNames(input.roles ?? []),
      });
      res.status(201).json(userJson(response.user));
    },

    'users.list': async (req, res) => {
      const query = validate(ListUsersQuery, queryParams(req.query), 'query');
      const response = await identity.listUsers({
        context: requestContext(req, res),
        limit: Math.min(query.limit ?? 100, 1000),
        cursor: query.cursor ?? '',
        role: query.role ?? '',
        status: query.status ?? '',
      });
      res.json({ users: response.users.map(userJson), next_cursor: response.nextCursor || null });
    },

    'users.get': async (req, res, params) => {
      const response = await identity.getUser({ context: requestContext(req, res), userId: userId(params) });
      res.json(userJson(response.user));
    },

    'users.update': async (req, res, params) => {
      const input = userBody(UpdateUserBody, req.body, blocklist);
      const id = userId(params);
      const context = requestContext(req, res);
      if (input.roles !== undefined && !state(res).principal?.permissions.has(ROLE_CHANGE_PERMISSION)) {
        throw new DomainError('permission_denied', `Permission ${ROLE_CHANGE_PERMISSION} is required to change roles`, 'permission_denied');
      }
      // The password first: the change most likely to be refused (weak, wrong current password)
      // is refused before anything else was changed.
      let user = undefined;
      if (input.password !== undefined) {
        user = (await identity.changePassword({ context, userId: id, newPassword: input.password, currentPassword: input.current_password })).user;
      } else if (input.current_password !== undefined) {
        throw new DomainError('invalid_argument', 'current_password is only meaningful with password', 'validation_failed', [{ field: 'current_password', message: 'requires password' }]);
      }
      if (input.email !== undefined || input.is_active !== undefined) {
        user = (await identity.updateUser({ context, userId: id, email: input.email, isActive: input.is_active })).user;
      }
      if (input.roles !== undefined) user = (await identity.assignRoles({ context, userId: id, roles: roleNames(input.roles) })).user;
      user ??= (await identity.getUser({ context, userId: id })).user;
      res.json(userJson(user));
    },

    'users.delete': async (req, res, params) => {
      await identity.deleteUser({ context: requestContext(req, res), userId: userId(params) });
      res.json({ success: true, message: 'User deleted' });
    },

    'users.assignRoles': async (req, res, params) => {
      const input = body(RolesBody, req.body);
      const response = await identity.assignRoles({ context: requestContext(req, res), userId: userId(params), roles: roleNames(input.roles) });
      res.json(userJson(response.user));
    },
  };
}
