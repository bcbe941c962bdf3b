import { fold, handleCommand, type EventStore, type StoredEvent } from '@qilbee/event-store';
import { DomainError, type Clock } from '@qilbee/kernel';
import { lockoutDecider, lockoutStatus, isLocked, type LockoutCommand, type LockoutEvent, type LockoutPolicy, type LockoutState, type LockoutStatusView } from '../domain/lockout';
import type { CommitHooks, LockoutDirectory } from './ports/readModels';
import { KeyedQueue } from './keyedQueue';
import { lockoutPublications, type LockoutSubject } from './lockoutEventsPublic';
import { eventMetadata, type RequestContext } from './requestContext';

export type { LockoutSubject };

export const USER_LOCKOUT_PREFIX = 'lockout-user-';
const IP_LOCKOUT_PREFIX = 'lockout-ip-';

/** Usernames are compared case-insensitively so `Alice` and `alice` share one counter. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function lockoutStreamId(subject: LockoutSubject): string {
  return subject.kind === 'user' ? `${USER_LOCKOUT_PREFIX}${normalizeUsername(subject.username)}` : `${IP_LOCKOUT_PREFIX}${subject.ip}`;
}

export interface LockoutsOptions {
  store: EventStore;
  directory: LockoutDirectory;
  hooks: CommitHooks;
  clock: Clock;
  userPolicy: LockoutPolicy;
  ipPolicy: LockoutPolicy;
}

export interface LockoutOutcome {
  events: LockoutEvent[];
  status: LockoutStatusView;
}

/**
 * Account lockout per username and per client IP. Commands on one subject run one at a time in
 * this process (KeyedQueue) and are appended with optimistic concurrency (other instances), so a
 * burst of parallel failures is counted exactly: the lock lands on the threshold, never past it.
 */
export class Lockouts {
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: LockoutsOptions) {}

  policyOf(subject: LockoutSubject): LockoutPolicy {
    return subject.kind === 'user' ? this.options.userPolicy : this.options.ipPolicy;
  }

  async load(subject: LockoutSubject): Promise<{ state: LockoutState; version: number; history: StoredEvent[] }> {
    const history = await this.options.store.readStream(lockoutStreamId(subject));
    return { state: fold(lockoutDecider, history), version: history.length, history };
  }

  /** Whether the subject is locked now, with the history that says so (for the command that follows). */
  async inspect(subject: LockoutSubject): Promise<{ locked: boolean; history: StoredEvent[] }> {
    const { state, history } = await this.load(subject);
    return { locked: isLocked(state, this.options.clock.nowMs(), this.policyOf(subject)), history };
  }

  async status(subject: LockoutSubject): Promise<LockoutStatusView> {
    return lockoutStatus((await this.load(subject)).state, this.options.clock.nowMs(), this.policyOf(subject));
  }


  /**
   * Decides and appends one lockout command, publishing its public events with it (outbox).
   * `history`: the stream as the caller just read it (login inspects it first), saving a read.
   */
  execute(subject: LockoutSubject, command: (nowMs: number, policy: LockoutPolicy) => LockoutCommand, context: RequestContext, history?: StoredEvent[]): Promise<LockoutOutcome> {
    const streamId = lockoutStreamId(subject);
    const policy = this.policyOf(subject);
    return this.queue.run(streamId, async () => {
      let nowMs = this.options.clock.nowMs();
      const result = await handleCommand(this.options.store, streamId, lockoutDecider, command(nowMs, policy), {
        maxAttempts: 10,
        ...(history ? { history } : {}),
        appendOptions: (events, state) => ({
          metadata: eventMetadata(context),
          publications: lockoutPublications(subject, events, lockoutStatus(state, nowMs, policy), context),
        }),
      });
      nowMs = this.options.clock.nowMs();
      if (result.events.length > 0) {
        const projected = subject.kind === 'user' ? this.options.directory.project(streamId, result.state, result.version) : undefined;
        await Promise.all([projected, this.options.hooks.committed(streamId, result.version - result.events.length + 1)]);
      }
      return { events: result.events.map((e) => ({ type: e.type, data: e.data }) as LockoutEvent), status: lockoutStatus(result.state, nowMs, policy) };
    });
  }

  async lock(username: string, reason: string | null, context: RequestContext): Promise<LockoutStatusView> {
    return (await this.execute({ kind: 'user', username }, (nowMs, policy) => ({ type: 'LockManually', nowMs, reason, policy }), context)).status;
  }

  /** Unlocking a username never seen is NOT_FOUND (QilbeeDB answers 404 there). */
  async unlock(username: string, context: RequestContext): Promise<LockoutStatusView> {
    const subject: LockoutSubject = { kind: 'user', username };
    if ((await this.load(subject)).version === 0) {
      throw new DomainError('not_found', `No lockout record found for user '${username}'`, 'no_lockout_record');
    }
    return (await this.execute(subject, (nowMs, policy) => ({ type: 'Unlock', nowMs, policy }), context)).status;
  }

  /** Usernames locked right now, with their status (QilbeeDB's `locked_users`). */
  async listLocked(): Promise<Array<{ username: string; status: LockoutStatusView }>> {
    const nowMs = this.options.clock.nowMs();
    const candidates = await this.options.directory.lockCandidates();
    return candidates
      .map(({ username, state }) => ({ username, status: lockoutStatus(state, nowMs, this.options.userPolicy) }))
      .filter((entry) => entry.status.locked)
      .sort((a, b) => a.username.localeCompare(b.username));
  }
}
