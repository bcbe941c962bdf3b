import { ManualClock } from '@qilbee/kernel';
import { IdentityApp } from '../app/identityApp';
import { SYSTEM_ACTOR } from '../app/actor';
import { SYSTEM_CONTEXT, type CallContext } from '../app/callContext';
import { createUser } from '../app/users/createUser';
import { inMemoryDeps } from '../adapters/memory/inMemoryDeps';

export const STRONG = 'Zebra-Quilt-9-Moon';

export function contextFor(user: { id: string; username: string }, extra: Partial<CallContext> = {}): CallContext {
  return { ...SYSTEM_CONTEXT, requestId: 'req-1', actorUserId: user.id, actorUsername: user.username, ipAddress: '10.0.0.1', userAgent: 'spec', ...extra };
}

/** An identity with in-memory twins, a manual clock and an admin already bootstrapped. */
export async function appFixture() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const deps = inMemoryDeps({ clock });
  const app = new IdentityApp(deps, await deps.passwords.hash('dummy-password'));
  const admin = await createUser(deps, SYSTEM_ACTOR, SYSTEM_CONTEXT, { username: 'admin', email: 'admin@example.com', password: STRONG, roles: ['Admin'] });
  const asAdmin = contextFor(admin);
  const newUser = async (username: string, roles: string[] = []) => {
    const user = await app.createUser(asAdmin, { username, email: `${username}@example.com`, password: STRONG, roles });
    return { user, ctx: contextFor(user) };
  };
  return { clock, deps, app, admin, asAdmin, newUser };
}

/** The public events recorded in the outbox, parsed. */
export function publicEvents(outbox: Array<{ value: string }>): Array<{ type: string; subject: string; data: { event_type: string; metadata: Record<string, unknown>; user_id: string | null; ip_address: string | null } }> {
  return outbox.map((p) => JSON.parse(p.value));
}
