/** Something that waits for a slot: `slotGranted()` runs when it gets one. */
export interface SlotWaiter {
  slotGranted(): void;
}

/**
 * A counting semaphore with a FIFO queue of waiters: how many requests may be in flight at
 * once. Cheap on the fast path (a counter when a slot is free) and small when not: the waiter
 * itself is the queue entry, so a queued request costs no closure or wrapper.
 */
export class Slots {
  readonly #limit: number;
  #used = 0;
  readonly #waiting = new Set<SlotWaiter>();

  constructor(limit: number | null) {
    this.#limit = limit ?? Number.POSITIVE_INFINITY;
  }

  get used(): number {
    return this.#used;
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  /** Takes a slot when one is free (true); else leaves the queue as it is (false). */
  tryAcquire(): boolean {
    if (this.#used >= this.#limit) return false;
    this.#used++;
    return true;
  }

  /**
   * Takes a slot: true when one was free (the caller goes on at once); false when the waiter
   * is queued, to be called back through `slotGranted()` when a slot frees up.
   */
  acquire(waiter: SlotWaiter): boolean {
    if (this.#used < this.#limit) {
      this.#used++;
      return true;
    }
    this.#waiting.add(waiter);
    return false;
  }

  /** Takes a queued waiter out of the queue (a no-op once it was granted a slot). */
  withdraw(waiter: SlotWaiter): void {
    this.#waiting.delete(waiter);
  }

  /** Gives a slot back, handing it straight to the longest waiter. */
  release(): void {
    // Nobody waiting, the usual case: no iterator is made.
    if (this.#waiting.size === 0) {
      if (this.#used > 0) this.#used--;
      return;
    }
    const next = this.#waiting.values().next().value!;
    this.#waiting.delete(next);
    next.slotGranted();
  }
}
