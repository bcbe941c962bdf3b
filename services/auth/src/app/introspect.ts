import type { AuthDeps } from './authDeps';
import type { AccessTokenClaims, InvalidTokenReason } from '@qilbee/tokens';

export type Introspection = { active: true; claims: AccessTokenClaims } | { active: false; reason: InvalidTokenReason };

/** Validate/Introspect: the same pure validation the edge runs, against this instance's view. */
export async function introspect(deps: AuthDeps, token: string): Promise<Introspection> {
  const result = await deps.validator.validate(token);
  return result.valid ? { active: true, claims: result.claims } : { active: false, reason: result.reason };
}
