import type { Clock } from '@qilbee/kernel';
import type { RateDecision } from './rateLimiter';

export interface LeaseSettings {
  /** The most tokens one lease may hold (0 or 1: every request asks the rate-limit service). */
  maxBatch: number;
  /** A lease's unspent tokens are dropped after this; it also bounds how late a policy change lands. */
  ttlMs: number;
  /** A lease never holds more than limit / this (a 5-per-minute login limit is never leased). */
  limitDivisor: number;
  /** Leases kept at most; beyond it the table is cleared (a flood of subjects cannot grow memory). */
  maxKeys: number;
}

export const DEFAULT_LEASE_SETTINGS: LeaseSettings = { maxBatch: 64, ttlMs: 1000, limitDivisor: 50, maxKeys: 100_000 };

interface Lease {
  /** The service's answer when it granted the batch (remaining counted after the whole batch). */
  decision: RateDecision;
  left: number;
  size: number;
  expiresMs: number;
}

/**
 * Tokens taken from the rate-limit service in batches and spent locally, so a busy subject costs
 * one gRPC call per batch instead of one per request. The tokens are real: the service removed
 * them from the global bucket (all-or-nothing), so several edges still share one limit; the
 * price is that tokens an edge leased but did not spend before the lease expired are lost to
 * the subject (bounded by the batch size, which adapts to what the subject actually used).
 * A batch grows (doubling) only while a subject spends its whole lease before it expires.
 */
export class RateLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: LeaseSettings = DEFAULT_LEASE_SETTINGS,
  ) {}

  /** A decision paid from this key's lease, or undefined when it has none left. */
  spend(key: string): RateDecision | undefined {
    const lease = this.leases.get(key);
    if (!lease || lease.left <= 0 || this.clock.nowMs() >= lease.expiresMs) return undefined;
    lease.left -= 1;
    return { ...lease.decision, remaining: lease.decision.remaining + lease.left };
  }

  /** How many tokens to ask the service for on this key's next call. */
  nextBatch(key: string): number {
    const lease = this.leases.get(key);
    if (!lease) return 1;
    const cap = Math.max(1, Math.min(this.settings.maxBatch, Math.floor(lease.decision.limit / this.settings.limitDivisor)));
    const expired = this.clock.nowMs() >= lease.expiresMs;
    const used = lease.size - lease.left;
    const wanted = !expired && lease.left === 0 ? lease.size * 2 : used;
    return Math.max(1, Math.min(cap, wanted));
  }

  /**
   * Records the service's grant of `size` tokens, one of which pays for the current request.
   * Returns that request's decision (remaining counts the tokens still held here).
   */
  grant(key: string, decision: RateDecision, size: number): RateDecision {
    if (!this.leases.has(key) && this.leases.size >= this.settings.maxKeys) this.leases.clear();
    this.leases.set(key, { decision, left: size - 1, size, expiresMs: this.clock.nowMs() + this.settings.ttlMs });
    return { ...decision, remaining: decision.remaining + size - 1 };
  }

  /** The service refused or matched nothing: hold no tokens for this key. */
  forget(key: string): void {
    this.leases.delete(key);
  }

  get size(): number {
    return this.leases.size;
  }
}
