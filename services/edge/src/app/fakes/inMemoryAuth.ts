import { randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet, type JWK, type KeyLike } from 'jose';
import { authV1 } from '@qilbee/contracts';
import { DomainError, uuidv7 } from '@qilbee/kernel';
import type { AuthPort } from '../ports';
import type { InMemoryIdentity } from './inMemoryIdentity';

const Login = authV1.LoginResponse_Outcome;
const Refresh = authV1.RefreshResponse_Outcome;

interface Lockout {
  failed: number;
  lockedUntilMs?: number;
  manual?: boolean;
  reason?: string;
  count: number;
}

/** The in-memory twin of auth for edge tests: real ES256 JWTs, lockouts, refresh rotation. */
export class InMemoryAuth implements AuthPort {
  readonly issuer = 'qilbee-auth';
  readonly audience = 'qilbee-api';
  private privateKey!: KeyLike;
  private jwk!: JWK;
  private retired: JWK[] = [];
  kid = `k-${uuidv7()}`;
  readonly lockouts = new Map<string, Lockout>();
  readonly revocations: authV1.Revocation[] = [];
  readonly refreshTokens = new Map<string, { userId: string; used: boolean }>();
  down = false;
  lastRefreshRequest: authV1.RefreshRequest | undefined;

  constructor(private readonly identity: InMemoryIdentity) {}

  async init(): Promise<this> {
    const pair = await generateKeyPair('ES256');
    this.privateKey = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: this.kid, alg: 'ES256', use: 'sig' };
    return this;
  }

  /** A new signing key (new kid); the old public key stays published (rotation with overlap). */
  async rotateKey(): Promise<void> {
    this.retired.push(this.jwk);
    this.kid = `k-${uuidv7()}`;
    await this.init();
  }

  private guard(): void {
    if (this.down) throw new DomainError('unavailable', 'auth is unavailable', 'dependency_unavailable');
  }

  /** Signs an access token; tests use it for expired or foreign-audience tokens too. */
  sign(claims: { sub: string; username: string; roles: string[] }, options: { expSeconds?: number; audience?: string; iatSeconds?: number } = {}): Promise<string> {
    const iat = options.iatSeconds ?? Math.floor(Date.now() / 1000);
    return new SignJWT({ username: claims.username, roles: claims.roles, sid: uuidv7() })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setSubject(claims.sub)
      .setJti(uuidv7())
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(iat)
      .setExpirationTime(options.expSeconds ?? iat + 3600)
      .sign(this.privateKey);
  }

  private status(username: string): authV1.LockoutStatus {
    const l = this.lockouts.get(username);
    const locked = Boolean(l && (l.manual || (l.lockedUntilMs ?? 0) > Date.now()));
    return {
      locked,
      failedAttempts: l?.failed ?? 0,
      remainingAttempts: locked ? 0 : 5 - (l?.failed ?? 0),
      lockoutExpires: locked && l?.lockedUntilMs ? new Date(l.lockedUntilMs).toISOString() : undefined,
      lockoutRemainingSeconds: locked && l?.lockedUntilMs ? Math.ceil((l.lockedUntilMs - Date.now()) / 1000) : 0,
      lockoutCount: l?.count ?? 0,
      lockoutReason: l?.reason,
    };
  }

  async login(r: authV1.LoginRequest): Promise<authV1.LoginResponse> {
    this.guard();
    if (this.status(r.username).locked) return { outcome: Login.OUTCOME_LOCKED, lockout: this.status(r.username) };
    const stored = this.identity.findByName(r.username);
    if (!stored || stored.password !== r.password) {
      const l = this.lockouts.get(r.username) ?? { failed: 0, count: 0 };
      l.failed += 1;
      if (l.failed >= 5) {
        l.lockedUntilMs = Date.now() + 900_000;
        l.count += 1;
      }
      this.lockouts.set(r.username, l);
      return { outcome: Login.OUTCOME_BAD_CREDENTIALS, lockout: this.status(r.username) };
    }
    return { outcome: Login.OUTCOME_SUCCESS, tokens: await this.pair(stored.user) };
  }

  private async pair(user: { id: string; username: string; roles: string[] }): Promise<authV1.TokenPair> {
    const refresh = randomBytes(24).toString('base64url');
    this.refreshTokens.set(refresh, { userId: user.id, used: false });
    return {
      accessToken: await this.sign({ sub: user.id, username: user.username, roles: user.roles }),
      tokenType: 'Bearer',
      expiresIn: 3600,
      refreshToken: refresh,
      refreshExpiresIn: 86_400,
      userId: user.id,
      username: user.username,
    };
  }

  async refresh(r: authV1.RefreshRequest): Promise<authV1.RefreshResponse> {
    this.guard();
    this.lastRefreshRequest = r;
    const entry = this.refreshTokens.get(r.refreshToken);
    if (!entry) return { outcome: Refresh.OUTCOME_INVALID };
    if (entry.used) return { outcome: Refresh.OUTCOME_REUSE_DETECTED };
    entry.used = true;
    const user = this.identity.users.get(entry.userId)?.user;
    if (!user) return { outcome: Refresh.OUTCOME_INVALID };
    return { outcome: Refresh.OUTCOME_SUCCESS, tokens: await this.pair(user) };
  }

  private async verifyOwn(token: string): Promise<{ jti: string; exp: number }> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [this.jwk, ...this.retired] }), { issuer: this.issuer, currentDate: new Date(0) });
      return { jti: String(payload.jti), exp: Number(payload.exp) };
    } catch {
      throw new DomainError('invalid_argument', 'Invalid token', 'invalid_token');
    }
  }

  async logout(r: authV1.LogoutRequest): Promise<authV1.LogoutResponse> {
    this.guard();
    const { jti, exp } = await this.verifyOwn(r.accessToken);
    this.revocations.push({ jti, expiresAt: exp, userId: '', notBefore: 0, notBeforeMs: 0 });
    return {};
  }

  async revoke(r: authV1.RevokeRequest): Promise<authV1.RevokeResponse> {
    this.guard();
    const { jti, exp } = await this.verifyOwn(r.token);
    this.revocations.push({ jti, expiresAt: exp, userId: '', notBefore: 0, notBeforeMs: 0 });
    return { jti };
  }

  async revokeAllForUser(r: authV1.RevokeAllForUserRequest): Promise<authV1.RevokeAllForUserResponse> {
    this.guard();
    if (!this.identity.users.has(r.userId)) throw new DomainError('not_found', 'User not found', 'user_not_found');
    this.revocations.push({ jti: '', expiresAt: 0, userId: r.userId, notBefore: Math.ceil(Date.now() / 1000), notBeforeMs: Date.now() });
    return { previouslyRevokedCount: 0 };
  }

  async listRevocations(): Promise<authV1.ListRevocationsResponse> {
    this.guard();
    return { revocations: this.revocations };
  }

  async getJwks(): Promise<authV1.GetJwksResponse> {
    this.guard();
    return { jwksJson: JSON.stringify({ keys: [this.jwk, ...this.retired] }) };
  }

  async getLockoutStatus(r: authV1.GetLockoutStatusRequest): Promise<authV1.GetLockoutStatusResponse> {
    this.guard();
    return { username: r.username, status: this.status(r.username) };
  }

  async listLockouts(): Promise<authV1.ListLockoutsResponse> {
    this.guard();
    return { lockedUsers: [...this.lockouts.keys()].filter((u) => this.status(u).locked).map((u) => ({ username: u, status: this.status(u) })) };
  }

  async lockAccount(r: authV1.LockAccountRequest): Promise<authV1.LockAccountResponse> {
    this.guard();
    const l = this.lockouts.get(r.username) ?? { failed: 0, count: 0 };
    Object.assign(l, { manual: true, reason: r.reason || undefined, count: l.count + 1 });
    this.lockouts.set(r.username, l);
    return { status: this.status(r.username) };
  }

  async unlockAccount(r: authV1.UnlockAccountRequest): Promise<authV1.UnlockAccountResponse> {
    this.guard();
    const l = this.lockouts.get(r.username);
    if (!l) throw new DomainError('not_found', `No lockout record found for user '${r.username}'`, 'lockout_not_found');
    Object.assign(l, { manual: false, lockedUntilMs: undefined, reason: undefined, failed: 0 });
    return { status: this.status(r.username) };
  }
}
