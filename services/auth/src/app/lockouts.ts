import { fold, handleCommands, type EventStore, type StoredEvent } from '@qilbee/event-store';
import { DomainError, type Clock } from '@qilbee/kernel';
import { lockoutDecider, lockoutStatus, isLocked, type LockoutCommand, type LockoutEvent, type LockoutPolicy, type LockoutState, type LockoutStatusView } from '../domain/lockout';
import type { CommitHooks, LockoutDirectory } from './ports/readModels';
import { lockoutPublications, type LockoutSubject } from './lockoutEventsPublic';
import { KeyedBatches } from './keyedBatches';
import { PasswordCheckGate, type GateSlot } from './passwordCheckGate';
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

/** How long an attempt waits for a password check slot (the edge gives up on a login after 5 s). */
const PASSWORD_CHECK_WAIT_MS = 10_000;

/**
 * Commands appended together at most: each attempt adds its public events to the commit's pending
 * entry, which must stay far below a document's 16 MiB (a burst beyond that takes several commits).
 */
const MAX_BATCH = 100;

interface Job {
  subject: LockoutSubject;
  command: (nowMs: number, policy: LockoutPolicy) => LockoutCommand;
  context: RequestContext;
  history: StoredEvent[] | undefined;
}

/**
 * Account lockout per username and per client IP. Commands on one subject are decided one after
 * another in this process, and appended with optimistic concurrency (other instances), so a burst
 * of parallel failures is counted exactly: the lock lands on the threshold, never past it. The
 * commands that arrive while a subject's append is in flight are decided together and appended
 * as one commit, so a burst of a hundred attempts costs a few appends, not a hundred in a row
 * (which outlasted the edge's deadline and turned the burst into 503s).
 */
export class Lockouts {
  private readonly batches = new KeyedBatches<Job, LockoutOutcome>((streamId, jobs) => this.runBatch(streamId, jobs), MAX_BATCH);
  private readonly gate = new PasswordCheckGate();

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
    return this.batches.submit(lockoutStreamId(subject), { subject, command, context, history });
  }

  /** A slot for one password check on the user and the IP, or undefined while either is full. */
  admitPasswordCheck(user: LockoutSubject, ip: LockoutSubject | undefined): (() => void) | undefined {
    return this.gate.tryEnter(this.gateSlots(user, ip));
  }

  /** Waits for a slot for one password check on the user and the IP, and takes it. */
  awaitPasswordCheck(user: LockoutSubject, ip: LockoutSubject | undefined): Promise<() => void> {
    return this.gate.enter(this.gateSlots(user, ip), PASSWORD_CHECK_WAIT_MS);
  }

  private gateSlots(user: LockoutSubject, ip: LockoutSubject | undefined): GateSlot[] {
    return [user, ...(ip ? [ip] : [])].map((subject) => ({ key: lockoutStreamId(subject), limit: this.policyOf(subject).maxFailedAttempts }));
  }

  private async runBatch(streamId: string, jobs: Job[]): Promise<LockoutOutcome[]> {
    const first = jobs[0] as Job;
    const policy = this.policyOf(first.subject);
    let nowMs = this.options.clock.nowMs();
    // A history read before queueing is only as fresh as the lone command that brought it.
    const history = jobs.length === 1 ? first.history : undefined;
    const result = await handleCommands(this.options.store, streamId, lockoutDecider, jobs.map((job) => job.command(nowMs, policy)), {
      maxAttempts: 10,
      ...(history ? { history } : {}),
      appendOptions: (decisions) => ({
        // One commit, one metadata: the first request's, and every request's in order when batched.
        metadata: { ...eventMetadata(first.context), ...(jobs.length > 1 ? { requests: jobs.map((job) => eventMetadata(job.context)) } : {}) },
        publications: decisions.flatMap((decision, i) => {
          const job = jobs[i] as Job;
          return lockoutPublications(job.subject, decision.events, lockoutStatus(decision.state, nowMs, policy), job.context);
        }),
      }),
    });
    nowMs = this.options.clock.nowMs();
    if (result.events.length > 0) {
      // Projected first, then marked: a mark may never claim a projection that a crash lost.
      if (first.subject.kind === 'user') await this.options.directory.project(streamId, result.state, result.version);
      await this.options.hooks.committed(streamId, result.version - result.events.length + 1);
    }
    return result.decisions.map((decision) => ({ events: decision.events.map((e) => ({ type: e.type, data: e.data }) as LockoutEvent), status: lockoutStatus(decision.state, nowMs, policy) }));
  }

  /** `userId`: the user the name belongs to, if known (it keys the public events). */
  async lock(username: string, reason: string | null, context: RequestContext, userId?: string): Promise<LockoutStatusView> {
    return (await this.execute({ kind: 'user', username, ...(userId ? { userId } : {}) }, (nowMs, policy) => ({ type: 'LockManually', nowMs, reason, policy }), context)).status;
  }

  /** Unlocking a username never seen is NOT_FOUND (QilbeeDB answers 404 there). */
  async unlock(username: string, context: RequestContext, userId?: string): Promise<LockoutStatusView> {
    const subject: LockoutSubject = { kind: 'user', username, ...(userId ? { userId } : {}) };
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
