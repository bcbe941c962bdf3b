import type { Logger } from '@qilbee/logger';

/** The lease port (event-store's Lease fits it). */
export interface LeasePort {
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** Starts the writer's work (consumer, timers) and returns how to stop it. */
export type StartWriting = () => Promise<() => Promise<void>>;

/**
 * Keeps exactly one audit instance writing the chain: the holder of the `audit-writer` lease runs
 * the consumer; the others stand by and take over when it stops renewing. One chain across all
 * partitions keeps Verify a single walk; the unique sequence index is the fence should two
 * instances ever believe they hold the lease at once (the loser's insert fails, nothing forks).
 */
export class WriterLeadership {
  private stopWriting: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly lease: LeasePort,
    private readonly startWriting: StartWriting,
    private readonly renewEveryMs: number,
    private readonly logger: Logger,
  ) {}

  get isWriting(): boolean {
    return this.stopWriting !== undefined;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.renewEveryMs);
  }

  /** Stops writing (the consumer abandons its chunk uncommitted) and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.resign();
    await this.lease.release().catch((error: unknown) => this.logger.warn({ err: error }, 'lease release failed'));
  }

  private tick(): Promise<void> {
    this.ticking ??= this.renew().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    let held = false;
    try {
      held = await this.lease.tryAcquire();
    } catch (error) {
      this.logger.warn({ err: error }, 'audit writer lease renewal failed');
    }
    if (held && !this.stopWriting) {
      this.logger.info('audit writer lease acquired: consuming security topics');
      try {
        this.stopWriting = await this.startWriting();
      } catch (error) {
        // Retried on the next tick; the lease lapses if this instance keeps failing.
        this.logger.error({ err: error }, 'audit writer failed to start');
      }
    } else if (!held && this.stopWriting) {
      this.logger.warn('audit writer lease lost: standing by');
      await this.resign();
    }
  }

  private async resign(): Promise<void> {
    const stop = this.stopWriting;
    this.stopWriting = undefined;
    if (stop) await stop();
  }
}
