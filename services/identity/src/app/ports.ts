import type { UserState } from '../domain/user/userState';
import type { ApiKeyState, IssuedApiKey } from '../domain/apiKey/apiKeyState';
import type { RoleState } from '../domain/role/roleEvents';

/**
 * The small ports the use cases need. Each has a Mongo adapter (adapters/mongo) and an
 * in-memory twin (adapters/memory) so that application tests need no server.
 */

/** Unique names without transactions: one document per reserved key, inserted before the append. */
export interface ReservationStore {
  /** `reserved` when `ownerId` now holds the key (also when it already did), else `taken`. */
  reserve(key: string, ownerId: string, nowMs: number): Promise<'reserved' | 'taken'>;
  release(key: string, ownerId: string): Promise<void>;
  holder(key: string): Promise<{ ownerId: string; reservedAtMs: number } | null>;
  /** Moves a stale reservation from one owner to another; false if someone else moved it first. */
  takeOver(key: string, fromOwnerId: string, toOwnerId: string, nowMs: number): Promise<boolean>;
}

/** A projection: the folded state of one stream, written only if newer than what is stored. */
export interface Projection<S> {
  project(streamId: string, state: S, version: number): Promise<void>;
  rebuild(): Promise<number>;
}

export type LivingUser = Extract<UserState, { stage: 'Active' | 'Disabled' }>;

export interface UserListQuery {
  limit: number;
  afterUserId?: string;
  role?: string;
  stage?: 'Active' | 'Disabled';
}

export interface UserDirectory extends Projection<UserState> {
  get(userId: string): Promise<LivingUser | null>;
  findByUsernameKey(usernameKey: string): Promise<LivingUser | null>;
  list(query: UserListQuery): Promise<LivingUser[]>;
}

export interface ApiKeyDirectory extends Projection<ApiKeyState> {
  get(keyId: string): Promise<IssuedApiKey | null>;
  findBySecretHash(secretHash: string): Promise<IssuedApiKey | null>;
  listByUser(userId: string): Promise<IssuedApiKey[]>;
  /** Active keys whose expiry passed: the sweeper records their expiry. */
  dueForExpiry(nowMs: number, limit: number): Promise<string[]>;
}

export type DefinedRole = Extract<RoleState, { stage: 'Defined' }>;

export interface RoleDirectory extends Projection<RoleState> {
  list(): Promise<DefinedRole[]>;
  get(name: string): Promise<DefinedRole | null>;
}

/** Last successful login per user, fed by auth's `login` events (rebuildable from the topic). */
export interface LastLoginStore {
  record(userId: string, atMs: number): Promise<void>;
  get(userIds: string[]): Promise<Map<string, number>>;
}

/** Last use per API key, written in batches (never one write per verification). */
export interface ApiKeyUsageStore {
  recordMany(lastUsed: Map<string, number>): Promise<void>;
  get(keyIds: string[]): Promise<Map<string, number>>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** A keyed hash of an API key under the server-side pepper. */
export interface KeyHasher {
  hash(key: string): string;
}

/** Fresh key material: RANDOM_LENGTH base62 characters from a CSPRNG. */
export interface KeyRandomness {
  randomPart(): string;
}

/** Called after each durable commit: mark it projected and wake the outbox relay. */
export interface CommitHooks {
  committed(streamId: string, firstVersion: number): Promise<void>;
}
