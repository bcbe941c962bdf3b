import { createLogger } from '@qilbee/logger';
import { ManualClock, uuidv7, type Clock } from '@qilbee/kernel';
import { InMemoryEventStore } from '@qilbee/event-store';
import type { IdentityDeps } from '../../app/deps';
import { ApiKeyCache } from '../../app/apiKeys/apiKeyCache';
import { UsageBuffer } from '../../app/apiKeys/usageBuffer';
import type { Blocklist } from '@qilbee/password-policy';
import { HmacKeyHasher } from '../crypto/hmacKeyHasher';
import { cryptoKeyRandomness } from '../crypto/keyRandomness';
import { InMemoryApiKeyDirectory, InMemoryRoleDirectory, InMemoryUserDirectory } from './inMemoryDirectories';
import { FakePasswordHasher, InMemoryLastLoginStore, InMemoryReservationStore, InMemoryUsageStore, noCommitHooks } from './inMemoryStores';

/** A complete identity wired with in-memory twins, for application tests without servers. */
export function inMemoryDeps(options: { clock?: Clock; blocklist?: Blocklist } = {}): IdentityDeps & { store: InMemoryEventStore } {
  const clock = options.clock ?? new ManualClock();
  const store = new InMemoryEventStore(clock);
  return {
    store,
    users: new InMemoryUserDirectory(store),
    apiKeys: new InMemoryApiKeyDirectory(store),
    roles: new InMemoryRoleDirectory(store),
    reservations: new InMemoryReservationStore(),
    lastLogins: new InMemoryLastLoginStore(),
    usage: new InMemoryUsageStore(),
    usageBuffer: new UsageBuffer(),
    passwords: new FakePasswordHasher(),
    keyHasher: new HmacKeyHasher(Buffer.alloc(32, 7)),
    keyRandomness: cryptoKeyRandomness,
    cache: new ApiKeyCache(30_000),
    ids: { next: () => uuidv7(clock.nowMs()) },
    clock,
    blocklist: options.blocklist ?? new Set(['password', 'qwerty', 'letmein', 'iloveyou']),
    hooks: noCommitHooks,
    logger: createLogger({ service: 'identity-test', level: 'silent' }),
  };
}
