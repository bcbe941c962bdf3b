import { DomainError } from '@qilbee/kernel';

/** A subject's key and how many password checks it may have in flight at once. */
export interface GateSlot {
  key: string;
  limit: number;
}

type Waiter = () => void;

/**
 * Bounds the password checks in flight per lockout subject. Without it, every attempt of a
 * parallel burst passes the lockout check before the first failure is recorded, and each then
 * costs a full argon2id verification: a hundred attempts on one account queue a hundred hashes
 * (seconds on two cores, past the edge's deadline) although the account locks after five. With a
 * subject's threshold as its limit, the first wave can lock it, and the rest see the lock once
 * they get a slot. Waiting costs no store read; a wait is bounded, and nothing is refused here
 * unless that bound passes.
 */
export class PasswordCheckGate {
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, Set<Waiter>>();

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

  /** Waits until a slot on every subject is free, and takes it; `unavailable` after `timeoutMs`. */
  async enter(slots: GateSlot[], timeoutMs: number): Promise<() => void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const release = this.tryEnter(slots);
      if (release) return release;
      const left = deadline - Date.now();
      if (left <= 0) throw new DomainError('unavailable', 'Too many login attempts are waiting for this account', 'login_backlog');
      await this.slotFreed(slots.map((slot) => slot.key), left);
    }
  }

  /** How many attempts wait on this subject (for tests and metrics). */
  waiting(key: string): number {
    return this.waiters.get(key)?.size ?? 0;
  }

  /** Resolves when one of these subjects frees a slot, or after `timeoutMs`; always unregisters. */
  private slotFreed(keys: string[], timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake: Waiter = () => {
        clearTimeout(timer);
        for (const key of keys) this.forget(key, wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      for (const key of keys) this.waiters.set(key, (this.waiters.get(key) ?? new Set()).add(wake));
    });
  }

  private forget(key: string, waiter: Waiter): void {
    const set = this.waiters.get(key);
    if (!set) return;
    set.delete(waiter);
    if (set.size === 0) this.waiters.delete(key);
  }

  private leave(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
    // Everyone waiting on it tries again (in memory; only the one that gets the slot reads the store).
    for (const wake of [...(this.waiters.get(key) ?? [])]) wake();
  }
}
