import { z } from '@qilbee/config';

/** A role as QilbeeDB spells it: a name, or a custom role as {"Custom": "name"}. */
export const roleSchema = z.union([z.string().min(1).max(64), z.object({ Custom: z.string().min(1).max(64) }).strict()]);

export const rolesSchema = z.array(roleSchema).max(32);

export function roleNames(roles: z.infer<typeof rolesSchema>): string[] {
  return roles.map((role) => (typeof role === 'string' ? role : role.Custom));
}
