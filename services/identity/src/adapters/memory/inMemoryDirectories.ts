import { fold, type EventStore } from '@qilbee/event-store';
import type { ApiKeyDirectory, DefinedRole, LivingUser, RoleDirectory, UserDirectory, UserListQuery } from '../../app/ports';
import type { UserState } from '../../domain/user/userState';
import type { ApiKeyState, IssuedApiKey } from '../../domain/apiKey/apiKeyState';
import type { RoleState } from '../../domain/role/roleEvents';
import { userDecider, userStreamId, USER_STREAM_PREFIX } from '../../domain/user/userDecider';
import { apiKeyDecider, API_KEY_STREAM_PREFIX } from '../../domain/apiKey/apiKeyDecider';
import { roleDecider, ROLE_STREAM_PREFIX } from '../../domain/role/roleDecider';
import { usernameKey } from '../../domain/user/userRules';
import { VersionedViews } from './versionedViews';

async function rebuildFrom<S>(store: EventStore, prefix: string, views: VersionedViews<S>, decider: { evolve: (s: S, e: never) => S; initialState: S }): Promise<number> {
  views.views.clear();
  let count = 0;
  for await (const streamId of store.streamIds(prefix)) {
    const events = await store.readStream(streamId);
    views.project(streamId, fold(decider as never, events) as S, events.length);
    count += 1;
  }
  return count;
}

function living(state: UserState): state is LivingUser {
  return state.stage === 'Active' || state.stage === 'Disabled';
}

export class InMemoryUserDirectory implements UserDirectory {
  private readonly views = new VersionedViews<UserState>();
  constructor(private readonly store: EventStore) {}

  async project(streamId: string, state: UserState, version: number): Promise<void> {
    this.views.project(streamId, state, version);
  }
  rebuild(): Promise<number> {
    return rebuildFrom(this.store, USER_STREAM_PREFIX, this.views, userDecider);
  }
  async get(userId: string): Promise<LivingUser | null> {
    const state = this.views.views.get(userStreamId(userId))?.state;
    return state && living(state) ? state : null;
  }
  async findByUsernameKey(key: string): Promise<LivingUser | null> {
    return this.views.states().filter(living).find((u) => usernameKey(u.username) === key) ?? null;
  }
  async list(query: UserListQuery): Promise<LivingUser[]> {
    return this.views
      .states()
      .filter(living)
      .filter((u) => (query.afterUserId === undefined || u.userId > query.afterUserId) && (!query.role || u.roles.includes(query.role)) && (!query.stage || u.stage === query.stage))
      .sort((a, b) => a.userId.localeCompare(b.userId))
      .slice(0, query.limit);
  }
}

export class InMemoryApiKeyDirectory implements ApiKeyDirectory {
  private readonly views = new VersionedViews<ApiKeyState>();
  constructor(private readonly store: EventStore) {}

  async project(streamId: string, state: ApiKeyState, version: number): Promise<void> {
    this.views.project(streamId, state, version);
  }
  rebuild(): Promise<number> {
    return rebuildFrom(this.store, API_KEY_STREAM_PREFIX, this.views, apiKeyDecider);
  }
  private issued(): IssuedApiKey[] {
    return this.views.states().filter((s): s is IssuedApiKey => s.stage !== 'Unissued');
  }
  async get(keyId: string): Promise<IssuedApiKey | null> {
    return this.issued().find((k) => k.keyId === keyId) ?? null;
  }
  async findBySecretHash(hash: string): Promise<IssuedApiKey | null> {
    return this.issued().find((k) => k.secretHash === hash) ?? null;
  }
  async listByUser(userId: string): Promise<IssuedApiKey[]> {
    return this.issued().filter((k) => k.userId === userId);
  }
  async dueForExpiry(nowMs: number, limit: number): Promise<string[]> {
    return this.issued()
      .filter((k) => k.stage === 'Active' && k.expiresAtMs !== null && k.expiresAtMs <= nowMs)
      .slice(0, limit)
      .map((k) => k.keyId);
  }
}

export class InMemoryRoleDirectory implements RoleDirectory {
  private readonly views = new VersionedViews<RoleState>();
  constructor(private readonly store: EventStore) {}

  async project(streamId: string, state: RoleState, version: number): Promise<void> {
    this.views.project(streamId, state, version);
  }
  rebuild(): Promise<number> {
    return rebuildFrom(this.store, ROLE_STREAM_PREFIX, this.views, roleDecider);
  }
  async list(): Promise<DefinedRole[]> {
    return this.views.states().filter((r): r is DefinedRole => r.stage === 'Defined');
  }
  async get(name: string): Promise<DefinedRole | null> {
    return (await this.list()).find((r) => r.name === name) ?? null;
  }
}
