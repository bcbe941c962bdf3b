import { uuidv7, type Clock } from '@qilbee/kernel';
import type { AuditFields, AuditResult } from '@qilbee/contracts';
import type { AccessEventPort } from './ports';

export type AccessEventType = 'permission_denied' | 'authentication_failed' | 'rate_limit_exceeded' | 'https_required';

export interface AccessDenial {
  type: AccessEventType;
  /** Record key and CloudEvent subject: the user id when known, else the client IP. */
  subject: string;
  userId: string | null;
  username: string | null;
  ipAddress: string;
  userAgent: string | null;
  /** METHOD path, e.g. `DELETE /api/v1/users/123`. */
  action: string;
  resource: string;
  metadata: Record<string, unknown>;
}

const RESULT_BY_TYPE: Record<AccessEventType, AuditResult> = {
  permission_denied: 'forbidden',
  authentication_failed: 'unauthorized',
  rate_limit_exceeded: 'forbidden',
  https_required: 'forbidden',
};

interface Window {
  startedMs: number;
  suppressed: number;
  last: AccessDenial;
}

export interface AccessEventsOptions {
  /**
   * 0 (the default): every denial is its own event. Above 0, opt-in damping: at most one event per
   * (subject, type) per window, the denials in between counted by the next event.
   */
  windowMs: number;
  /** Distinct (subject, type) windows kept; an attack spraying subjects folds into one window. */
  maxWindows: number;
  /**
   * Events handed to Kafka and not yet acknowledged beyond which denials are counted instead of
   * queued: a flood faster than Kafka takes it cannot grow the edge's memory without bound.
   */
  maxInFlight: number;
  onPublishError?: (error: unknown) => void;
  onSuppressed?: (type: AccessEventType) => void;
}

/**
 * Publishes edge denials (401, 403, 429, plain HTTP refused) on security.access.v1, one event per
 * denial. Only when Kafka falls behind (more than `maxInFlight` events unacknowledged), or when an
 * operator opted into a window, are denials folded: counted per (subject, type) and reported by
 * the next event of that pair (metadata.count = denials it stands for, with the details of the
 * last one) or by `flush`. A denial is never dropped without being counted.
 */
export class AccessEvents {
  private readonly windows = new Map<string, Window>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly port: AccessEventPort,
    private readonly clock: Clock,
    private readonly options: AccessEventsOptions,
  ) {}

  record(denial: AccessDenial): void {
    const now = this.clock.nowMs();
    let key = `${denial.type}|${denial.subject}`;
    if (!this.windows.has(key) && this.windows.size >= this.options.maxWindows) key = `${denial.type}|*overflow*`;
    const window = this.windows.get(key);
    const windowOpen = window !== undefined && now - window.startedMs < this.options.windowMs;
    if (windowOpen || this.saturated()) {
      if (window) {
        window.suppressed += 1;
        window.last = denial;
      } else {
        this.windows.set(key, { startedMs: now, suppressed: 1, last: denial });
      }
      this.options.onSuppressed?.(denial.type);
      return;
    }
    if (this.options.windowMs > 0) this.windows.set(key, { startedMs: now, suppressed: 0, last: denial });
    else this.windows.delete(key);
    this.emit(denial, 1 + (window?.suppressed ?? 0));
  }

  /**
   * Reports the denials counted in windows that have ended (all of them with `everything`, at
   * shutdown), and forgets idle windows. Stops early while Kafka is still behind.
   */
  flush(everything = false): void {
    const now = this.clock.nowMs();
    for (const [key, window] of this.windows) {
      if (!everything && (now - window.startedMs < this.options.windowMs || this.saturated())) continue;
      this.windows.delete(key);
      if (window.suppressed > 0) this.emit(window.last, window.suppressed);
    }
  }

  /**
   * Resolves once every event handed to Kafka so far is acknowledged or has failed, or after
   * `timeoutMs` (a shutdown must leave time for the steps after it). True when all were settled.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const settled = (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      return true as const;
    })();
    try {
      return await Promise.race([settled, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private saturated(): boolean {
    return this.inFlight.size >= this.options.maxInFlight;
  }

  private emit(denial: AccessDenial, count: number): void {
    const fields: AuditFields = {
      event_id: uuidv7(this.clock.nowMs()),
      event_type: denial.type,
      timestamp: new Date(this.clock.nowMs()).toISOString(),
      user_id: denial.userId,
      username: denial.username,
      action: denial.action,
      resource: denial.resource,
      result: RESULT_BY_TYPE[denial.type],
      ip_address: denial.ipAddress,
      user_agent: denial.userAgent,
      metadata: { ...denial.metadata, count },
    };
    const published: Promise<void> = this.port
      .publish(denial.subject, fields)
      .catch((error: unknown) => this.options.onPublishError?.(error))
      .finally(() => this.inFlight.delete(published));
    this.inFlight.add(published);
  }
}
