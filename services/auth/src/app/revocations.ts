import type { RefreshFamilyEvent } from '../domain/refreshFamily';
import type { RevocationStore } from './ports/revocationStore';
import type { RevocationFact, RevocationView } from '@qilbee/tokens';

/**
 * Where a revocation becomes effective: stored (so views rebuild at start) and applied to this
 * instance's view at once. Other instances learn it from the public event on Kafka.
 */
export class Revocations {
  constructor(
    private readonly store: RevocationStore,
    readonly view: RevocationView,
  ) {}

  async record(facts: RevocationFact[]): Promise<void> {
    if (facts.length === 0) return;
    await this.store.save(facts);
    this.view.applyAll(facts);
  }

  loadActive(nowMs: number): Promise<RevocationFact[]> {
    return this.store.loadActive(nowMs);
  }

  /** Rebuilds the view from the store (at start, and periodically as a safety net) and prunes. */
  async resync(nowMs: number): Promise<void> {
    this.view.applyAll(await this.store.loadActive(nowMs));
    this.view.pruneExpired(nowMs);
    await this.store.pruneExpired(nowMs);
  }
}

/** The access tokens a family event revokes. */
export function familyRevocationFacts(events: RefreshFamilyEvent[]): RevocationFact[] {
  return events.flatMap((event): RevocationFact[] => {
    switch (event.type) {
      case 'RefreshTokenReuseDetected':
      case 'RefreshFamilyRevoked':
        return event.data.revokedAccessTokens.map((a) => ({ kind: 'token', jti: a.jti, expiresAtMs: a.expiresAtMs }));
      case 'AccessTokenRevoked':
        return [{ kind: 'token', jti: event.data.access.jti, expiresAtMs: event.data.access.expiresAtMs }];
      default:
        return [];
    }
  });
}
