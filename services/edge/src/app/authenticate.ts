import { isDomainError } from '@qilbee/kernel';
import type { ApiKeyVerifier, VerifiedKey } from './apiKeyVerifier';
import type { AuthenticationOutcome, Principal } from './principal';
import type { RoleCatalog } from './roleCatalog';
import type { TokenVerifier } from './tokenVerifier';

export interface Credentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

/**
 * Turns the credentials of a request into an outcome. `Authorization: Bearer` is verified
 * locally, `X-API-Key` through identity (cached). Both present: both must be valid and name the
 * same user, else rejected (then the narrower API-key principal is used). Any other scheme
 * (e.g. the SDK's deprecated Basic auth) is rejected.
 */
export class Authenticator {
  private readonly scopedSets = new WeakMap<VerifiedKey['principal'], ReadonlySet<string>>();

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly keys: ApiKeyVerifier,
    private readonly roles: RoleCatalog,
  ) {}

  async authenticate(credentials: Credentials): Promise<AuthenticationOutcome> {
    const { authorization, apiKey } = credentials;
    if (authorization === undefined && apiKey === undefined) return { kind: 'anonymous' };
    const viaToken = authorization === undefined ? undefined : await this.fromAuthorization(authorization);
    const viaKey = apiKey === undefined ? undefined : await this.fromApiKey(apiKey);
    if (viaToken && viaToken.kind !== 'authenticated') return viaToken;
    if (viaKey && viaKey.kind !== 'authenticated') return viaKey;
    if (viaToken && viaKey) {
      if (viaToken.kind === 'authenticated' && viaKey.kind === 'authenticated' && viaToken.principal.userId !== viaKey.principal.userId) {
        return { kind: 'rejected', reason: 'credentials_mismatch', detail: 'Bearer token and API key belong to different principals' };
      }
      if (viaKey.kind === 'authenticated' && viaToken.kind === 'authenticated') {
        return { kind: 'authenticated', principal: { ...viaKey.principal, ...(viaToken.principal.token ? { token: viaToken.principal.token } : {}) } };
      }
    }
    return viaKey ?? viaToken ?? { kind: 'anonymous' };
  }

  private async fromAuthorization(header: string): Promise<AuthenticationOutcome> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return { kind: 'rejected', reason: 'malformed_credentials', detail: 'Authorization must be a Bearer token' };
    const raw = match[1];
    const verdict = await this.tokens.verify(raw);
    if (verdict.kind === 'invalid') return { kind: 'rejected', reason: verdict.reason, detail: verdict.detail };
    const { token } = verdict;
    const principal: Principal = {
      userId: token.sub,
      username: token.username,
      roles: token.roles,
      permissions: await this.roles.permissionsFor(token.roles),
      via: 'jwt',
      token: { raw, jti: token.jti, expSeconds: token.expSeconds, iatSeconds: token.iatSeconds },
    };
    return { kind: 'authenticated', principal };
  }

  /** A scoped key's permissions as a set, made once per verification (cached ones repeat the object). */
  private keyPermissions(principal: VerifiedKey['principal']): ReadonlySet<string> {
    let set = this.scopedSets.get(principal);
    if (!set) {
      set = new Set(principal.permissions);
      this.scopedSets.set(principal, set);
    }
    return set;
  }

  private async fromApiKey(secret: string): Promise<AuthenticationOutcome> {
    if (secret.length === 0 || secret.length > 256) return { kind: 'rejected', reason: 'invalid_api_key', detail: 'Invalid API key' };
    let verdict;
    try {
      verdict = await this.keys.verify(secret);
    } catch (error) {
      if (isDomainError(error)) return { kind: 'rejected', reason: 'invalid_api_key', detail: 'Invalid API key' };
      throw error;
    }
    if (verdict.kind === 'unavailable') return verdict;
    if (verdict.kind === 'invalid') return { kind: 'rejected', reason: verdict.reason, detail: verdict.detail };
    const { principal, keyId } = verdict.key;
    // Identity sends the key's effective permissions; an empty list means "as its owner's roles".
    const permissions = principal.permissions.length > 0 ? this.keyPermissions(principal) : await this.roles.permissionsFor(principal.roles);
    return {
      kind: 'authenticated',
      principal: { userId: principal.userId, username: principal.username, roles: principal.roles, permissions, via: 'api_key', apiKeyId: keyId },
    };
  }
}
