/** A subject's key and how many password checks it may have in flight at once. */
export interface GateSlot {
  key: string;
  limit: number;
}

/**
 * Bounds the password checks in flight per lockout subject. Without it, every attempt of a
 * parallel burst passes the lockout check before the first failure is recorded, and each then
 * costs a full argon2id verification: a hundred attempts on one account queue a hundred hashes
 * (seconds on two cores, past the edge's deadline) although the account locks after five. With a
 * subject's threshold as its limit, the first wave can lock it, and the rest see the lock when a
 * slot frees up. Attempts wait for a slot; none is refused here.
 */
export class PasswordCheckGate {
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, Array<() => void>>();

  /** Takes a slot on every subject, or none: undefined when one of them is full. */
  tryEnter(slots: GateSlot[]): (() => void) | undefined {
    if (slots.some((slot) => (this.inFlight.get(slot.key) ?? 0) >= slot.limit)) return undefined;
    for (const slot of slots) this.inFlight.set(slot.key, (this.inFlight.get(slot.key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const slot of slots) this.leave(slot.key);
    };
  }

  /** Resolves when any of these subjects frees a slot (the caller then checks the lockout again). */
  slotFreed(keys: string[]): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        resolve();
      };
      for (const key of keys) this.waiters.set(key, [...(this.waiters.get(key) ?? []), once]);
    });
  }

  private leave(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
    const waiting = this.waiters.get(key);
    this.waiters.delete(key);
    for (const wake of waiting ?? []) wake();
  }
}
