import type { TokenPair } from './types';

/** Exactly one authentication method at a time; switching replaces the other completely. */
export class Credentials {
  apiKey?: string;
  accessToken?: string;
  refreshToken?: string;
  accessExpiresAtMs?: number;
  username?: string;
  userId?: string;

  constructor(readonly now: () => number = Date.now) {}

  useApiKey(key: string | undefined): void {
    this.clear();
    this.apiKey = key || undefined;
  }

  useTokens(pair: TokenPair): void {
    this.apiKey = undefined;
    this.accessToken = pair.access_token;
    this.refreshToken = pair.refresh_token;
    this.accessExpiresAtMs = this.now() + pair.expires_in * 1000;
    this.username = pair.username ?? this.username;
    this.userId = pair.user_id ?? this.userId;
  }

  clear(): void {
    this.apiKey = this.accessToken = this.refreshToken = this.username = this.userId = undefined;
    this.accessExpiresAtMs = undefined;
  }

  get method(): 'api_key' | 'jwt' | undefined {
    if (this.apiKey) return 'api_key';
    return this.accessToken ? 'jwt' : undefined;
  }

  needsRefresh(skewSeconds: number): boolean {
    if (!this.accessToken || !this.refreshToken || this.accessExpiresAtMs === undefined) return false;
    return this.now() >= this.accessExpiresAtMs - skewSeconds * 1000;
  }

  headers(): Record<string, string> {
    if (this.apiKey) return { 'x-api-key': this.apiKey };
    return this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {};
  }
}
