import type { RevocationFact } from '@qilbee/tokens';

/** The durable list of revocations that rebuilds every revocation view at start. */
export interface RevocationStore {
  save(facts: RevocationFact[]): Promise<void>;
  /** Token revocations not yet expired at `nowMs`, and every user not-before. */
  loadActive(nowMs: number): Promise<RevocationFact[]>;
  /** Deletes token revocations whose tokens have expired (done in code: no TTL index). */
  pruneExpired(nowMs: number): Promise<number>;
}
