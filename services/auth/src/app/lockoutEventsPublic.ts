import type { Publication } from '@qilbee/event-store';
import { assertNever } from '@qilbee/kernel';
import type { LockoutEvent, LockoutStatusView } from '../domain/lockout';
import { publicEvent } from './publicEvents';
import type { RequestContext } from './requestContext';

/**
 * Whose lockout: a username (with the id of the user it names, when a password check told us) or
 * a client IP. The stream is per username; the id only keys and fills the public events.
 */
export type LockoutSubject = { kind: 'user'; username: string; userId?: string } | { kind: 'ip'; ip: string };

/** The public face of lockout facts: login_failed, account_locked, account_lockout_triggered, account_unlocked. */
export function lockoutPublications(subject: LockoutSubject, events: LockoutEvent[], status: LockoutStatusView, context: RequestContext): Publication[] {
  const scope = subject.kind;
  // Record key = the subject (api-contract.md section 6): the user's id when the name has a user.
  const key = subject.kind === 'user' ? (subject.userId ?? subject.username) : subject.ip;
  const resource = subject.kind === 'user' ? `username:${subject.username}` : `ip:${subject.ip}`;
  const recordKey = subject.kind === 'ip' ? subject.ip : context.ipAddress || subject.username;
  const common = { context, subject: recordKey, resource };
  // user_id names the actor (api-contract.md section 7): nobody is authenticated in a failed login.
  const failedBy = subject.kind === 'user' ? { userId: null, username: subject.username } : undefined;
  return events.flatMap((event): Publication[] => {
    const atMs = event.data.atMs;
    switch (event.type) {
      case 'LoginFailureRecorded':
        if (subject.kind === 'ip') return [];
        return [publicEvent({ ...common, type: 'login_failed', atMs, action: 'login', result: 'failure', actor: failedBy, metadata: { reason: event.data.reason, failed_attempts: status.failedAttempts, remaining_attempts: status.remainingAttempts } })];
      case 'LockedOut':
        return [
          publicEvent({
            ...common,
            subject: key,
            type: 'account_locked',
            atMs,
            action: 'lock_account',
            result: 'success',
            actor: failedBy,
            metadata: { scope, trigger: 'failed_attempts', lockout_expires: new Date(event.data.untilMs).toISOString(), lockout_seconds: Math.round((event.data.untilMs - atMs) / 1000), lockout_count: event.data.lockoutCount },
          }),
        ];
      case 'LoginRejectedWhileLocked':
        return [
          publicEvent({ ...common, type: 'login_failed', atMs, action: 'login', result: 'failure', actor: failedBy, metadata: { reason: 'locked', scope } }),
          publicEvent({ ...common, type: 'account_lockout_triggered', atMs, action: 'login', result: 'failure', actor: failedBy, metadata: { scope, lockout_expires: status.lockoutExpiresMs === null ? null : new Date(status.lockoutExpiresMs).toISOString() } }),
        ];
      case 'FailedAttemptsReset':
        return [];
      case 'LockedManually':
        return [publicEvent({ ...common, subject: key, type: 'account_locked', atMs, action: 'lock_account', result: 'success', metadata: { scope, trigger: 'admin', reason: event.data.reason, lockout_count: event.data.lockoutCount } })];
      case 'Unlocked':
        return [publicEvent({ ...common, subject: key, type: 'account_unlocked', atMs, action: 'unlock_account', result: 'success', metadata: { scope } })];
      default:
        return assertNever(event);
    }
  });
}
