import type { Logger } from '@qilbee/logger';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

/**
 * Runs shutdown steps in the order given (callers list them in reverse start order), each bounded
 * by what is left of one overall deadline, so a stuck dependency cannot keep the process alive.
 */
export async function shutdownInOrder(steps: ShutdownStep[], logger: Logger, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (const step of steps) {
    const remaining = Math.max(deadline - Date.now(), 0);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), remaining);
    });
    try {
      const outcome = await Promise.race([step.run().then(() => 'done' as const), timeout]);
      if (outcome === 'timeout') logger.warn({ step: step.name }, 'shutdown step abandoned at the deadline');
    } catch (error) {
      logger.warn({ step: step.name, err: error }, 'shutdown step failed');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Installs SIGTERM/SIGINT handlers that shut down once, then exit. */
export function onTerminationSignal(steps: () => ShutdownStep[], logger: Logger, deadlineMs = 10_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void shutdownInOrder(steps(), logger, deadlineMs).then(() => {
      logger.info('stopped');
      logger.flush?.();
      process.exit(0);
    });
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
