import type { Logger } from '@qilbee/logger';
import { PolicyIndex, type LoadedPolicy } from '../domain/policyResolution';
import type { PolicyViews } from './ports';

/** A bucket scope: policy id and revision, so any change of a policy starts fresh buckets. */
export function scopeOf(policy: LoadedPolicy): string {
  return `${policy.id}:${policy.revision}`;
}

/**
 * The policies this instance enforces, hot-reloaded from the read model. Every instance polls the
 * (small) policy collection every `refreshMs`, so a change made through any instance applies
 * everywhere within that period, without Kafka in the decision path; the instance that made the
 * change reloads at once. When a policy's revision changes, its old buckets are dropped (a changed
 * policy starts from full buckets, api-contract.md section 4).
 */
export class PolicyCatalog {
  private current = new PolicyIndex([]);
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private listeners: Array<(scopes: ReadonlySet<string>) => void> = [];

  constructor(
    private readonly views: PolicyViews,
    private readonly logger: Logger,
  ) {}

  get index(): PolicyIndex {
    return this.current;
  }

  /** Called with the set of live scopes after each reload that changed something. */
  onScopesChanged(listener: (scopes: ReadonlySet<string>) => void): void {
    this.listeners.push(listener);
  }

  /** Reloads now; concurrent callers share one reload. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  start(refreshMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'policy reload failed; keeping the last known policies'));
    }, refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async load(): Promise<void> {
    const policies = await this.views.list();
    const before = new Set(this.current.policies.map(scopeOf));
    const after = new Set(policies.map(scopeOf));
    const changed = before.size !== after.size || [...after].some((scope) => !before.has(scope));
    if (!changed) return;
    this.current = new PolicyIndex(policies);
    this.logger.info({ policies: policies.length }, 'rate-limit policies loaded');
    for (const listener of this.listeners) listener(after);
  }
}
