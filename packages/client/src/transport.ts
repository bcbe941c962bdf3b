import { errorFor, NetworkError } from './errors';
import type { RateLimitInfo } from './types';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export interface RetryOptions {
  /** 0 (default) = no automatic retry. */
  maxRetries?: number;
  /** Seconds; wait = backoffFactor * 2^attempt when no Retry-After was sent. */
  backoffFactor?: number;
  /** Seconds; cap of any wait, Retry-After included. */
  maxBackoff?: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Sends JSON requests. 429 is retried (the edge refused before doing anything; a locked account
 * never), 503 only for idempotent methods; waits honour Retry-After, bounded by maxBackoff.
 */
export class Transport {
  lastRateLimit?: RateLimitInfo;
  lastRequestId?: string;
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  constructor(
    readonly baseUrl: string,
    readonly timeoutMs: number,
    readonly retry: Required<RetryOptions>,
    readonly userAgent: string,
  ) {}

  async send<T>(method: string, path: string, options: { headers?: Record<string, string>; json?: unknown; query?: Query } = {}): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await this.once(method, path, options);
      const headers = Object.fromEntries([...response.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
      const body = await decode(response);
      this.remember(headers);
      if (response.status < 400) return body as T;
      if (!this.shouldRetry(method, response.status, body, attempt)) throw errorFor(response.status, body, headers);
      await this.sleep(this.delaySeconds(attempt, headers['retry-after']) * 1000);
    }
  }

  delaySeconds(attempt: number, retryAfter: string | undefined): number {
    const told = retryAfter === undefined ? NaN : Number(retryAfter);
    const wait = Number.isFinite(told) ? Math.max(0, told) : this.retry.backoffFactor * 2 ** attempt;
    return Math.min(wait, this.retry.maxBackoff);
  }

  private shouldRetry(method: string, status: number, body: unknown, attempt: number): boolean {
    if (attempt >= this.retry.maxRetries) return false;
    if (status === 429) return !(body && typeof body === 'object' && (body as { locked?: unknown }).locked === true);
    return status === 503 && IDEMPOTENT.has(method.toUpperCase());
  }

  private async once(method: string, path: string, options: { headers?: Record<string, string>; json?: unknown; query?: Query }): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent, ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    try {
      return await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new NetworkError(`${method} ${path} failed: ${(error as Error).message}`);
    }
  }

  private remember(headers: Record<string, string>): void {
    this.lastRequestId = headers['x-request-id'];
    if (headers['x-ratelimit-limit'] !== undefined) {
      this.lastRateLimit = { limit: toInt(headers['x-ratelimit-limit']), remaining: toInt(headers['x-ratelimit-remaining']), reset: toInt(headers['x-ratelimit-reset']) };
    }
  }
}

async function decode(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toInt(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
