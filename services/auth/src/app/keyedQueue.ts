/**
 * Runs tasks one after another per key (and in parallel across keys). Parallel login attempts on
 * one username then reach the event store one at a time inside this process, so optimistic
 * concurrency retries are only needed between instances and cannot be exhausted by a burst.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
