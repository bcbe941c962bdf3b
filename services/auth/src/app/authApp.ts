import type { EventStore } from '@qilbee/event-store';
import type { Clock } from '@qilbee/kernel';
import type { LockoutPolicy, LockoutStatusView } from '../domain/lockout';
import type { RevokeAllReason } from '../domain/userTokens/userTokens';
import type { SigningAlgorithm } from '../domain/signingKeys/keyRing';
import type { TokenSettings } from './accessTokenIssuer';
import type { AuthDeps } from './authDeps';
import { handleIdentityEvents } from './identityEvents';
import { introspect } from './introspect';
import { login } from './login';
import { Lockouts } from './lockouts';
import { logout, revoke } from './logoutAndRevoke';
import type { IdentityPort } from './ports/identityPort';
import type { CommitHooks, LockoutDirectory, SessionDirectory } from './ports/readModels';
import type { RevocationStore } from './ports/revocationStore';
import type { SigningKeyVault } from './ports/signingKeyVault';
import { refresh } from './refresh';
import { applyRevocationRecords } from './revocationFeed';
import { Revocations } from './revocations';
import { revokeAllForUser, type RevokeAllOptions } from './revokeAllForUser';
import { SYSTEM_CONTEXT, type RequestContext } from './requestContext';
import { Sessions } from './sessions';
import { SigningKeys } from './signingKeys';
import { JwksKeySet, RevocationView, TokenValidator, type JwksDocument, type RevocationFact } from '@qilbee/tokens';

export interface AuthAppOptions {
  store: EventStore;
  clock: Clock;
  identity: IdentityPort;
  vault: SigningKeyVault;
  revocationStore: RevocationStore;
  lockoutDirectory: LockoutDirectory;
  sessionDirectory: SessionDirectory;
  hooks: CommitHooks;
  settings: TokenSettings;
  signingAlg: SigningAlgorithm;
  rotationIntervalMs: number;
  clockSkewSeconds: number;
  userPolicy: LockoutPolicy;
  ipPolicy: LockoutPolicy;
}

/** The auth use cases over their ports; adapters (gRPC, Kafka) call only this. */
export class AuthApp {
  readonly deps: AuthDeps;
  readonly keySet: JwksKeySet;

  constructor(options: AuthAppOptions) {
    const { store, clock, hooks } = options;
    const overlapMs = options.settings.accessTtlMs + options.clockSkewSeconds * 1000;
    const keys = new SigningKeys({ store, vault: options.vault, hooks, clock, alg: options.signingAlg, rotationIntervalMs: options.rotationIntervalMs, overlapMs });
    const revocations = new Revocations(options.revocationStore, new RevocationView());
    // A short cooldown: an unknown kid is normally a key another instance just rotated to.
    this.keySet = new JwksKeySet(async () => {
      await keys.reload();
      return keys.jwks();
    }, { cooldownMs: 250, nowMs: () => clock.nowMs() });
    const validator = new TokenValidator({ keys: this.keySet, revocations: revocations.view, issuer: options.settings.issuer, audience: options.settings.audience, clockSkewSeconds: options.clockSkewSeconds, nowMs: () => clock.nowMs() });
    const sessions = new Sessions({ store, directory: options.sessionDirectory, hooks, revocations, clock });
    const lockouts = new Lockouts({ store, directory: options.lockoutDirectory, hooks, clock, userPolicy: options.userPolicy, ipPolicy: options.ipPolicy });
    this.deps = { store, clock, identity: options.identity, keys, validator, revocations, sessions, sessionDirectory: options.sessionDirectory, lockouts, hooks, settings: options.settings };
  }

  /** Loads (or creates) the signing key and rebuilds the revocation view from the store. */
  async start(): Promise<void> {
    await this.startKeys();
    await this.deps.revocations.resync(this.deps.clock.nowMs());
  }

  async startKeys(): Promise<void> {
    await this.deps.keys.reload();
    await this.deps.keys.rotateIfDue(SYSTEM_CONTEXT);
    await this.keySet.reload();
  }

  login = (username: string, password: string, context: RequestContext) => login(this.deps, username, password, context);
  refresh = (refreshToken: string, accessToken: string | undefined, context: RequestContext) => refresh(this.deps, refreshToken, accessToken, context);
  logout = (accessToken: string, context: RequestContext) => logout(this.deps, accessToken, context);
  revoke = (token: string, context: RequestContext) => revoke(this.deps, token, context);
  revokeAllForUser = (userId: string, reason: RevokeAllReason, context: RequestContext, options?: RevokeAllOptions) => revokeAllForUser(this.deps, userId, reason, context, options);
  introspect = (token: string) => introspect(this.deps, token);
  handleIdentityEvents = (values: Array<string | null>) => handleIdentityEvents(this.deps, values);

  /** Revocation facts and key rotations seen on security.auth.v1 (from any instance). */
  async applyAuthEvents(values: Array<string | null>): Promise<void> {
    const { keyRotated } = applyRevocationRecords(this.deps.revocations.view, values);
    if (keyRotated) await this.keySet.reload();
  }

  listRevocations(): Promise<RevocationFact[]> {
    return this.deps.revocations.loadActive(this.deps.clock.nowMs());
  }

  async jwks(): Promise<JwksDocument> {
    await this.deps.keys.reload();
    return this.deps.keys.jwks();
  }

  async rotateSigningKey(context: RequestContext): Promise<string> {
    const kid = await this.deps.keys.rotateNow(context);
    await this.keySet.reload();
    return kid;
  }

  async rotateSigningKeyIfDue(): Promise<void> {
    if (await this.deps.keys.rotateIfDue(SYSTEM_CONTEXT)) await this.keySet.reload();
  }

  /** Periodic safety net: re-read revocations and the key ring, prune expired entries. */
  async resync(): Promise<void> {
    await this.deps.revocations.resync(this.deps.clock.nowMs());
    await this.deps.keys.reload();
  }

  lockoutStatus = (username: string): Promise<LockoutStatusView> => this.deps.lockouts.status({ kind: 'user', username });
  listLockouts = () => this.deps.lockouts.listLocked();
  lockAccount = async (username: string, reason: string | null, context: RequestContext) => this.deps.lockouts.lock(username, reason, context, await this.accountOf(username));
  unlockAccount = async (username: string, context: RequestContext) => this.deps.lockouts.unlock(username, context, await this.accountOf(username));

  /**
   * The user a username names, so that an admin's lock and unlock are keyed like the account's
   * other events. Identity being unreachable must not stop a lock: the name keys them then.
   */
  private async accountOf(username: string): Promise<string | undefined> {
    return this.deps.identity.userIdOf(username).catch(() => undefined);
  }
}
