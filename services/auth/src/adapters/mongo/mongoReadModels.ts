import type { Db } from 'mongodb';
import { isDuplicateKey, ReadModel, type EventStore } from '@qilbee/event-store';
import { lockoutDecider, type LockoutEvent, type LockoutState } from '../../domain/lockout';
import { refreshFamilyDecider, type RefreshFamilyEvent, type RefreshFamilyState } from '../../domain/refreshFamily';
import { USER_LOCKOUT_PREFIX } from '../../app/lockouts';
import { FAMILY_PREFIX } from '../../app/sessions';
import { sessionView, type SessionViewFields } from '../../app/sessionView';
import type { LockoutDirectory, SessionDirectory } from '../../app/ports/readModels';

type LockoutView = { username: string; stage: LockoutState['stage']; state: LockoutState };

/** Per-username lockout views (versioned, rebuildable) for the admin list of locked accounts. */
export class MongoLockoutDirectory implements LockoutDirectory {
  readonly model: ReadModel<LockoutEvent, LockoutState, LockoutView>;

  constructor(db: Db, store: EventStore) {
    this.model = new ReadModel(db, store, {
      collection: 'lockout_views',
      streamPrefix: USER_LOCKOUT_PREFIX,
      decider: lockoutDecider,
      toView: (streamId, state) => ({ username: streamId.slice(USER_LOCKOUT_PREFIX.length), stage: state.stage, state }),
    });
  }

  project(streamId: string, state: LockoutState, version: number): Promise<void> {
    return this.model.project(streamId, state, version);
  }

  async lockCandidates(): Promise<Array<{ username: string; state: LockoutState }>> {
    const docs = await this.model.views.find({ stage: { $in: ['TimedLock', 'ManualLock'] } } as never).toArray();
    return docs.map((doc) => ({ username: doc.username, state: doc.state }));
  }
}

/** Per-family session views, to count a user's live sessions for RevokeAllForUser. */
export class MongoSessionDirectory implements SessionDirectory {
  readonly model: ReadModel<RefreshFamilyEvent, RefreshFamilyState, SessionViewFields>;

  constructor(db: Db, store: EventStore) {
    this.model = new ReadModel(db, store, { collection: 'session_views', streamPrefix: FAMILY_PREFIX, decider: refreshFamilyDecider, toView: (_id, state) => sessionView(state) });
  }

  async ensureIndexes(): Promise<void> {
    await this.model.views.createIndex({ userId: 1, live: 1 }, { name: 'user_live' });
  }

  /** A new session is an insert (one round trip at login); later versions go through the versioned replace. */
  async project(streamId: string, state: RefreshFamilyState, version: number): Promise<void> {
    const view = sessionView(state);
    if (version === 1 && view) {
      try {
        await this.model.views.insertOne({ ...view, _id: streamId, version, deleted: false } as never);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    await this.model.project(streamId, state, version);
  }

  countLive(userId: string, startedBeforeMs: number, nowMs: number): Promise<number> {
    return this.model.views.countDocuments({ userId, live: true, startedAtMs: { $lt: startedBeforeMs }, refreshExpiresAtMs: { $gt: nowMs } } as never);
  }
}
