import type { Clock, IdGenerator } from '@qilbee/kernel';
import type { EventStore } from '@qilbee/event-store';
import type { Logger } from '@qilbee/logger';
import type { Blocklist } from '@qilbee/password-policy';
import type {
  ApiKeyDirectory,
  ApiKeyUsageStore,
  CommitHooks,
  KeyHasher,
  KeyRandomness,
  LastLoginStore,
  PasswordHasher,
  ReservationStore,
  RoleDirectory,
  UserDirectory,
} from './ports';
import type { ApiKeyCache } from './apiKeys/apiKeyCache';
import type { UsageBuffer } from './apiKeys/usageBuffer';

/** Everything the use cases need, wired once in main.ts (or by a test with in-memory twins). */
export interface IdentityDeps {
  store: EventStore;
  users: UserDirectory;
  apiKeys: ApiKeyDirectory;
  roles: RoleDirectory;
  reservations: ReservationStore;
  lastLogins: LastLoginStore;
  usage: ApiKeyUsageStore;
  usageBuffer: UsageBuffer;
  passwords: PasswordHasher;
  keyHasher: KeyHasher;
  keyRandomness: KeyRandomness;
  cache: ApiKeyCache;
  ids: IdGenerator;
  clock: Clock;
  blocklist: Blocklist;
  hooks: CommitHooks;
  logger: Logger;
}
