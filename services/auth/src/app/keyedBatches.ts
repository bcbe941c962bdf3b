interface Pending<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Work per key, one batch at a time: what is submitted for a key while its batch runs waits,
 * and goes as the next batch (at most `maxBatch` items). Keys run in parallel. Each item gets the
 * outcome `run` returned for it, in order; a batch that fails rejects only its own items.
 */
export class KeyedBatches<Item, Outcome> {
  private readonly waiting = new Map<string, Array<Pending<Item, Outcome>>>();

  constructor(
    private readonly run: (key: string, items: Item[]) => Promise<Outcome[]>,
    private readonly maxBatch: number,
  ) {}

  submit(key: string, item: Item): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const queued = this.waiting.get(key);
      const pending = { item, resolve, reject };
      if (queued) return void queued.push(pending);
      this.waiting.set(key, [pending]);
      void this.drain(key);
    });
  }

  /** Runs the key's waiting items, batch after batch, until none is left. */
  private async drain(key: string): Promise<void> {
    for (;;) {
      const waiting = this.waiting.get(key) ?? [];
      const batch = waiting.splice(0, this.maxBatch);
      if (batch.length === 0) {
        this.waiting.delete(key);
        return;
      }
      await this.run(
        key,
        batch.map((pending) => pending.item),
      ).then(
        (outcomes) => batch.forEach((pending, i) => pending.resolve(outcomes[i] as Outcome)),
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      );
    }
  }
}
