import { randomInt } from 'node:crypto';
import type { IdentityDeps } from './deps';
import { SYSTEM_CONTEXT } from './callContext';
import { SYSTEM_ACTOR } from './actor';
import { createUser } from './users/createUser';
import { USER_STREAM_PREFIX } from '../domain/user/userDecider';

export interface AdminSettings {
  username: string;
  email: string;
  /** Undefined: generate one and hand it over through `savePassword`. */
  password?: string;
}

const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@^_~'];

/** 24 characters from a CSPRNG, at least one of each class, so it always meets the policy. */
export function generateAdminPassword(length = 24): string {
  const all = ALPHABETS.join('');
  const chars = ALPHABETS.map((alphabet) => alphabet[randomInt(alphabet.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

async function anyUserEver(deps: IdentityDeps): Promise<boolean> {
  for await (const _ of deps.store.streamIds(USER_STREAM_PREFIX)) return true;
  return false;
}

/**
 * On first start (no user ever registered) creates the admin with the Admin role. Two instances
 * starting together race on the username reservation; the loser sees `duplicate_username` and
 * moves on. Returns whether this call created the admin.
 */
export async function bootstrapAdmin(deps: IdentityDeps, settings: AdminSettings, savePassword: (password: string) => Promise<void>): Promise<boolean> {
  if (await anyUserEver(deps)) return false;
  const password = settings.password ?? generateAdminPassword();
  try {
    await createUser(deps, SYSTEM_ACTOR, SYSTEM_CONTEXT, { username: settings.username, email: settings.email, password, roles: ['Admin'] });
  } catch (error) {
    if ((error as { reason?: string }).reason === 'duplicate_username') return false;
    throw error;
  }
  if (settings.password === undefined) await savePassword(password);
  return true;
}
