import type { Db } from 'mongodb';
import { ReadModel, type EventStore } from '@qilbee/event-store';
import type { LivingUser, UserDirectory, UserListQuery } from '../../app/ports';
import type { UserEvent } from '../../domain/user/userEvents';
import type { UserState } from '../../domain/user/userState';
import { userDecider, userStreamId, USER_STREAM_PREFIX } from '../../domain/user/userDecider';
import { usernameKey } from '../../domain/user/userRules';

interface UserDoc {
  userId: string;
  username: string;
  usernameKey: string;
  email: string;
  roles: string[];
  stage: 'Active' | 'Disabled';
  passwordHash: string;
  createdAtMs: number;
  updatedAtMs: number;
}

export const USERS_COLLECTION = 'users_view';

function toLiving(doc: UserDoc | null): LivingUser | null {
  if (!doc) return null;
  const { userId, username, email, roles, stage, passwordHash, createdAtMs, updatedAtMs } = doc;
  return { stage, userId, username, email, roles, passwordHash, createdAtMs, updatedAtMs };
}

/** The users read model: living users only (a deleted user's view is a `deleted` stub). */
export class MongoUserDirectory implements UserDirectory {
  readonly model: ReadModel<UserEvent, UserState, UserDoc>;

  constructor(db: Db, store: EventStore) {
    this.model = new ReadModel(db, store, {
      collection: USERS_COLLECTION,
      streamPrefix: USER_STREAM_PREFIX,
      decider: userDecider,
      toView: (_streamId, state) => {
        if (state.stage !== 'Active' && state.stage !== 'Disabled') return null;
        const { userId, username, email, roles, stage, passwordHash, createdAtMs, updatedAtMs } = state;
        return { userId, username, usernameKey: usernameKey(username), email, roles, stage, passwordHash, createdAtMs, updatedAtMs };
      },
    });
  }

  async ensureIndexes(): Promise<void> {
    await this.model.views.createIndex({ usernameKey: 1 }, { name: 'username_key' });
    await this.model.views.createIndex({ roles: 1 }, { name: 'roles' });
  }

  project(streamId: string, state: UserState, version: number): Promise<void> {
    return this.model.project(streamId, state, version);
  }

  rebuild(): Promise<number> {
    return this.model.rebuild();
  }

  async get(userId: string): Promise<LivingUser | null> {
    return toLiving(await this.model.views.findOne({ _id: userStreamId(userId), deleted: false } as never));
  }

  async findByUsernameKey(key: string): Promise<LivingUser | null> {
    return toLiving(await this.model.views.findOne({ usernameKey: key, deleted: false } as never));
  }

  async list(query: UserListQuery): Promise<LivingUser[]> {
    const filter: Record<string, unknown> = { deleted: false };
    filter._id = query.afterUserId ? { $gt: userStreamId(query.afterUserId), $lt: `${USER_STREAM_PREFIX}~` } : { $gte: USER_STREAM_PREFIX, $lt: `${USER_STREAM_PREFIX}~` };
    if (query.role) filter.roles = query.role;
    if (query.stage) filter.stage = query.stage;
    const docs = await this.model.views.find(filter as never).sort({ _id: 1 }).limit(query.limit).toArray();
    return docs.map((doc) => toLiving(doc as unknown as UserDoc) as LivingUser);
  }
}
