/**
 * A counting semaphore with a FIFO queue of waiters: how many requests may be in flight at
 * once. Cheap on the fast path: a counter when a slot is free, a queue entry only when not.
 */
export class Slots {
  readonly #limit: number;
  #used = 0;
  // One entry object per call, so the same `start` function may wait more than once.
  readonly #waiting = new Set<{ start: () => void }>();

  constructor(limit: number | null) {
    this.#limit = limit ?? Number.POSITIVE_INFINITY;
  }

  get used(): number {
    return this.#used;
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Runs `start` now if a slot is free, else when one frees up. Returns a function that
   * withdraws a waiter that has not started yet (a no-op once it has).
   */
  acquire(start: () => void): () => void {
    if (this.#used < this.#limit) {
      this.#used++;
      start();
      return noop;
    }
    const entry = { start };
    this.#waiting.add(entry);
    return () => this.#waiting.delete(entry);
  }

  /** Gives a slot back, handing it straight to the longest waiter. */
  release(): void {
    const next = this.#waiting.values().next();
    if (next.done) {
      if (this.#used > 0) this.#used--;
      return;
    }
    this.#waiting.delete(next.value);
    next.value.start();
  }
}

function noop(): void {}
