import { z } from '@qilbee/config';
import { DomainError } from '@qilbee/kernel';
import { ROLE_NAME_PATTERN, type identityV1 } from '@qilbee/contracts';
import type { IdentityPort } from '../../../app/ports';
import type { RoleCatalog } from '../../../app/roleCatalog';
import { requestContext } from '../requestState';
import { validate } from '../validation';
import type { Handlers } from './types';

/** At most the 34 permissions; identity checks each name and refuses built-in roles. */
export const DefineRoleBody = z.object({ permissions: z.array(z.string().min(1).max(64)).min(1).max(64) }).strict();

const ROLE_NAME = new RegExp(ROLE_NAME_PATTERN);

function roleName(params: Record<string, string>): string {
  const name = params.name ?? '';
  if (!ROLE_NAME.test(name)) {
    throw new DomainError('invalid_argument', 'Invalid role name', 'validation_failed', [{ field: 'name', message: 'must be a letter, then 1-63 letters, digits, _ or -' }]);
  }
  return name;
}

function roleJson(role: identityV1.Role): Record<string, unknown> {
  return { name: role.name, permissions: role.permissions, built_in: role.builtIn };
}

/** Custom roles (named permission sets) next to the five built-in ones. */
export function roleRoutes(identity: IdentityPort, roles: Pick<RoleCatalog, 'invalidate'>): Handlers {
  return {
    'roles.list': async (_req, res) => {
      const response = await identity.listRoles({});
      res.json({ roles: response.roles.map(roleJson) });
    },

    'roles.define': async (req, res, params) => {
      const name = roleName(params);
      const input = validate(DefineRoleBody, req.body, 'body');
      const response = await identity.defineRole({ context: requestContext(req, res), name, permissions: input.permissions });
      // This edge's permission table changes at once; other edges learn it from role_defined.
      roles.invalidate();
      res.json(roleJson(response.role ?? { name, permissions: input.permissions, builtIn: false }));
    },

    'roles.delete': async (req, res, params) => {
      const name = roleName(params);
      await identity.deleteRole({ context: requestContext(req, res), name });
      roles.invalidate();
      res.json({ success: true, message: 'Role deleted' });
    },
  };
}
