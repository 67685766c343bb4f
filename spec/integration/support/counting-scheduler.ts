import { type SharedTimer, SharedTimerScheduler } from '../../../src/scheduling/shared-timer-scheduler.ts';

/**
 * The client's default scheduler, counting what is pending on it: every timer of a client
 * (phase timeouts, retry backoff, Retry-After, elapsed) goes in through `add`, and an entry is
 * pending until it fires or is removed.
 */
export class CountingScheduler extends SharedTimerScheduler {
  #seen = new Set<SharedTimer>();
  /** Entries ever added. */
  added = 0;

  override add(action: SharedTimer): void {
    this.added++;
    this.#seen.add(action);
    super.add(action);
  }

  /** Entries pending now (those no longer pending are forgotten). */
  get pending(): number {
    for (const entry of this.#seen) if (!entry.pending) this.#seen.delete(entry);
    return this.#seen.size;
  }
}

/** mulberry32: a small seeded PRNG, so that a "random" run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
