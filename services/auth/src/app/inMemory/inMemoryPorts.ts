import type { JWK } from 'jose';
import type { LockoutState } from '../../domain/lockout';
import type { RefreshFamilyState } from '../../domain/refreshFamily';
import type { CommitHooks, LockoutDirectory, SessionDirectory } from '../ports/readModels';
import type { RevocationStore } from '../ports/revocationStore';
import type { SigningKeyVault } from '../ports/signingKeyVault';
import type { RevocationFact } from '@qilbee/tokens';
import { USER_LOCKOUT_PREFIX } from '../lockouts';
import { sessionView } from '../sessionView';

/** In-memory twins of auth's storage ports, for application tests without servers. */
export class InMemorySigningKeyVault implements SigningKeyVault {
  readonly keys = new Map<string, JWK>();
  async put(kid: string, privateJwk: JWK): Promise<void> {
    this.keys.set(kid, structuredClone(privateJwk));
  }
  async get(kid: string): Promise<JWK | undefined> {
    return this.keys.get(kid);
  }
  async remove(kid: string): Promise<void> {
    this.keys.delete(kid);
  }
}

export class InMemoryRevocationStore implements RevocationStore {
  readonly tokens = new Map<string, number>();
  readonly users = new Map<string, number>();
  async save(facts: RevocationFact[]): Promise<void> {
    for (const fact of facts) {
      if (fact.kind === 'token') this.tokens.set(fact.jti, Math.max(this.tokens.get(fact.jti) ?? 0, fact.expiresAtMs));
      else this.users.set(fact.userId, Math.max(this.users.get(fact.userId) ?? 0, fact.notBeforeMs));
    }
  }
  async loadActive(nowMs: number): Promise<RevocationFact[]> {
    const tokens: RevocationFact[] = [...this.tokens].filter(([, exp]) => exp > nowMs).map(([jti, expiresAtMs]) => ({ kind: 'token', jti, expiresAtMs }));
    const users: RevocationFact[] = [...this.users].map(([userId, notBeforeMs]) => ({ kind: 'user', userId, notBeforeMs }));
    return [...tokens, ...users];
  }
  async pruneExpired(nowMs: number): Promise<number> {
    let removed = 0;
    for (const [jti, exp] of this.tokens) if (exp <= nowMs && this.tokens.delete(jti)) removed += 1;
    return removed;
  }
}

export class InMemoryLockoutDirectory implements LockoutDirectory {
  private readonly views = new Map<string, { state: LockoutState; version: number }>();
  async project(streamId: string, state: LockoutState, version: number): Promise<void> {
    const known = this.views.get(streamId);
    if (!known || known.version < version) this.views.set(streamId, { state, version });
  }
  async lockCandidates(): Promise<Array<{ username: string; state: LockoutState }>> {
    return [...this.views].filter(([, v]) => v.state.stage !== 'Open').map(([id, v]) => ({ username: id.slice(USER_LOCKOUT_PREFIX.length), state: v.state }));
  }
}

export class InMemorySessionDirectory implements SessionDirectory {
  private readonly views = new Map<string, { state: RefreshFamilyState; version: number }>();
  async project(streamId: string, state: RefreshFamilyState, version: number): Promise<void> {
    const known = this.views.get(streamId);
    if (!known || known.version < version) this.views.set(streamId, { state, version });
  }
  async countLive(userId: string, startedBeforeMs: number, nowMs: number): Promise<number> {
    return [...this.views.values()].map((v) => sessionView(v.state)).filter((v) => v && v.userId === userId && v.live && v.startedAtMs < startedBeforeMs && v.refreshExpiresAtMs > nowMs).length;
  }
}

export const noCommitHooks: CommitHooks = { committed: async () => undefined };

