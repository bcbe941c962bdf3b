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
  windowMs: number;
  /** Distinct (subject, type) windows kept; an attack spraying subjects folds into one window. */
  maxWindows: number;
  onPublishError?: (error: unknown) => void;
  onSuppressed?: (type: AccessEventType) => void;
}

/**
 * Publishes edge denials on security.access.v1 without letting an attack flood Kafka: at most one
 * event per (subject, type) per window; the denials suppressed meanwhile are reported by the next
 * event (metadata.count = denials it stands for) or by `flush` once the window has passed.
 */
export class AccessEvents {
  private readonly windows = new Map<string, Window>();

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
    if (window && now - window.startedMs < this.options.windowMs) {
      window.suppressed += 1;
      window.last = denial;
      this.options.onSuppressed?.(denial.type);
      return;
    }
    this.windows.set(key, { startedMs: now, suppressed: 0, last: denial });
    this.emit(denial, 1 + (window?.suppressed ?? 0));
  }

  /** Reports suppressed denials of windows that have ended, and forgets idle windows. */
  flush(): void {
    const now = this.clock.nowMs();
    for (const [key, window] of this.windows) {
      if (now - window.startedMs < this.options.windowMs) continue;
      this.windows.delete(key);
      if (window.suppressed > 0) this.emit(window.last, window.suppressed);
    }
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
    this.port.publish(denial.subject, fields).catch((error: unknown) => this.options.onPublishError?.(error));
  }
}
