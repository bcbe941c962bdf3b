import { TOPICS, toCloudEvent, type AuditFields } from '@qilbee/contracts';
import type { EventPublisher } from '@qilbee/kafka-kit';
import { toRfc3339, uuidv7, type Clock } from '@qilbee/kernel';
import type { Logger } from '@qilbee/logger';
import type { LoadedPolicy } from '../domain/policyResolution';
import { parseSubject, SERVICE_NAME } from './publicEvents';

export interface Rejection {
  policy: LoadedPolicy;
  subject: string;
  limit: number;
  path: string;
  endpointType: string;
  domain: string;
}

interface Tally extends Rejection {
  count: number;
  firstMs: number;
  windowEndMs: number;
}

export interface ExceededReporterOptions {
  /** Keys tallied at once; rejections for new keys beyond it are counted as dropped. */
  maxKeys: number;
}

/**
 * Turns rejections into at most one `rate_limit_exceeded` event per (policy, subject) per policy
 * window, carrying how many requests were rejected: an attack must not flood Kafka. Tallies live
 * in memory and are published when their window ends (and on shutdown). These events are
 * observations, not state, so they go straight to Kafka instead of through the outbox; a failed
 * publish keeps the tally for the next flush. With several instances, each reports its own tally.
 */
export class ExceededReporter {
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | undefined;
  private published = 0;
  private dropped = 0;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ExceededReporterOptions = { maxKeys: 100_000 },
  ) {}

  get publishedTotal(): number {
    return this.published;
  }

  get pending(): number {
    return this.tallies.size;
  }

  record(rejection: Rejection): void {
    const key = `${rejection.policy.id}|${rejection.subject}`;
    const tally = this.tallies.get(key);
    if (tally) {
      tally.count += 1;
      return;
    }
    if (this.tallies.size >= this.options.maxKeys) {
      this.dropped += 1;
      return;
    }
    const nowMs = this.clock.nowMs();
    this.tallies.set(key, { ...rejection, count: 1, firstMs: nowMs, windowEndMs: nowMs + rejection.policy.windowSecs * 1000 });
  }

  /** Publishes every tally whose window ended (all of them when `everything`). */
  async flush(everything = false): Promise<number> {
    const nowMs = this.clock.nowMs();
    const due = [...this.tallies].filter(([, t]) => everything || t.windowEndMs <= nowMs);
    if (due.length === 0) return 0;
    const messages = due.map(([, tally]) => toMessage(tally, nowMs));
    await this.publisher.publish(TOPICS.ratelimit, messages);
    for (const [key] of due) this.tallies.delete(key);
    this.published += due.length;
    if (this.dropped > 0) this.logger.warn({ dropped: this.dropped }, 'rate-limit rejections not tallied: too many keys at once');
    this.dropped = 0;
    return due.length;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'rate_limit_exceeded publish failed; will retry'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush(true);
  }
}

function toMessage(tally: Tally, nowMs: number): { key: string; value: string; headers: Record<string, string> } {
  const { kind, value } = parseSubject(tally.subject);
  const eventId = uuidv7(nowMs);
  const data: AuditFields = {
    event_id: eventId,
    event_type: 'rate_limit_exceeded',
    timestamp: toRfc3339(nowMs),
    user_id: kind === 'user' ? value : null,
    username: null,
    action: 'rate_limit_exceeded',
    resource: tally.path || tally.endpointType || null,
    result: 'forbidden',
    ip_address: kind === 'ip' || kind === 'remote_address' ? value : null,
    user_agent: null,
    metadata: {
      subject: tally.subject,
      policy_id: tally.policy.id,
      policy_name: tally.policy.name,
      endpoint_type: tally.endpointType,
      endpoint: tally.path,
      domain: tally.domain,
      limit: tally.limit,
      window_secs: tally.policy.windowSecs,
      rejected_count: tally.count,
      window_start: toRfc3339(tally.firstMs),
      window_end: toRfc3339(tally.windowEndMs),
      ...(kind === 'key' ? { api_key_id: value } : {}),
    },
  };
  return {
    key: value,
    value: JSON.stringify(toCloudEvent(SERVICE_NAME, value, data)),
    headers: { 'content-type': 'application/cloudevents+json', 'ce-id': eventId },
  };
}
