import type { Logger } from '@qilbee/logger';

export interface PeriodicJob {
  /** Stops scheduling and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs `job` every `intervalMs`, never overlapping itself; failures are logged and retried next time. */
export function every(intervalMs: number, name: string, job: () => Promise<unknown>, logger: Logger): PeriodicJob {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = job()
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error, job: name }, 'periodic job failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
