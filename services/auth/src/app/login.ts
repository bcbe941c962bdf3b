import type { StoredEvent } from '@qilbee/event-store';
import type { LockoutStatusView } from '../domain/lockout';
import type { AuthDeps, TokenPair } from './authDeps';
import type { LockoutSubject } from './lockouts';
import { issueSession } from './issueSession';
import type { RequestContext } from './requestContext';

export type LoginResult =
  | { outcome: 'success'; tokens: TokenPair; lockout: LockoutStatusView }
  | { outcome: 'bad_credentials' | 'locked' | 'disabled' | 'ip_throttled'; lockout: LockoutStatusView };

/**
 * Login: refuse at once when the username or the client IP is locked (no password check, so a
 * locked account cannot be probed), else verify through identity and record the result on both
 * counters. The lockout aggregate has the last word: a success that raced a lock is still refused.
 */
export async function login(deps: AuthDeps, username: string, password: string, context: RequestContext): Promise<LoginResult> {
  const user: LockoutSubject = { kind: 'user', username };
  const ip: LockoutSubject | undefined = context.ipAddress ? { kind: 'ip', ip: context.ipAddress } : undefined;
  let release: (() => void) | undefined;
  try {
    for (;;) {
      // Recording a failure or a rejection decides on what was read here: a concurrent change makes
      // its append collide and re-read, so the count stays exact. A success reads again after the
      // password check instead, because it usually appends nothing and so could not collide: a lock
      // that landed while the password was being checked must still win.
      const [userCheck, ipCheck] = await Promise.all([deps.lockouts.inspect(user), ip ? deps.lockouts.inspect(ip) : undefined]);
      // A refusal needs no password check: the slot goes to the next attempt at once.
      if (userCheck.locked || ipCheck?.locked) {
        release?.();
        release = undefined;
      }
      if (userCheck.locked) return { outcome: 'locked', lockout: (await reject(deps, user, userCheck.history, context)).status };
      if (ip && ipCheck?.locked) {
        await reject(deps, ip, ipCheck.history, context);
        return { outcome: 'ip_throttled', lockout: await deps.lockouts.status(user) };
      }
      // At most a threshold's worth of password checks per subject at once (PasswordCheckGate).
      release ??= deps.lockouts.admitPasswordCheck(user, ip);
      if (release) return await checkPassword(deps, { username, user, ip, userHistory: userCheck.history, ipHistory: ipCheck?.history }, password, context);
      // Every slot is taken: wait for one, then read the lockout again with it held, since the
      // attempts ahead may have locked the account meanwhile.
      release = await deps.lockouts.awaitPasswordCheck(user, ip);
    }
  } finally {
    release?.();
  }
}

function reject(deps: AuthDeps, subject: LockoutSubject, history: StoredEvent[], context: RequestContext) {
  return deps.lockouts.execute(subject, (nowMs, policy) => ({ type: 'RejectWhileLocked', nowMs, policy }), context, history);
}

interface Attempt {
  username: string;
  user: LockoutSubject;
  ip: LockoutSubject | undefined;
  userHistory: StoredEvent[];
  ipHistory: StoredEvent[] | undefined;
}

/** Verifies through identity and records the result on both counters. */
async function checkPassword(deps: AuthDeps, attempt: Attempt, password: string, context: RequestContext): Promise<LoginResult> {
  const { user, ip } = attempt;
  const check = await deps.identity.verifyPassword(attempt.username, password, context);
  if (check.outcome === 'valid') {
    const recorded = await deps.lockouts.execute(user, (nowMs, policy) => ({ type: 'RecordSuccessfulLogin', nowMs, policy }), context);
    if (recorded.status.locked) return { outcome: 'locked', lockout: recorded.status };
    return { outcome: 'success', tokens: await issueSession(deps, check.principal, context), lockout: recorded.status };
  }

  const reason = check.outcome === 'disabled' ? 'disabled' : 'bad_credentials';
  // The name's user, when it has one, keys this account's public lockout events.
  const account: LockoutSubject = check.userId ? { kind: 'user', username: attempt.username, userId: check.userId } : user;
  const [recorded] = await Promise.all([
    deps.lockouts.execute(account, (nowMs, policy) => ({ type: 'RecordFailedLogin', nowMs, reason, policy }), context, attempt.userHistory),
    ip ? deps.lockouts.execute(ip, (nowMs, policy) => ({ type: 'RecordFailedLogin', nowMs, reason, policy }), context, attempt.ipHistory) : undefined,
  ]);
  const lockedBefore = recorded.events.some((event) => event.type === 'LoginRejectedWhileLocked');
  if (lockedBefore) return { outcome: 'locked', lockout: recorded.status };
  return { outcome: reason === 'disabled' ? 'disabled' : 'bad_credentials', lockout: recorded.status };
}
