/** What the gate knows of one origin. */
interface Origin {
  /** Connections open to it. */
  open: number;
  /** Requests handed to undici and not over yet. */
  busy: number;
  /** Connections whose response ended this turn: undici takes them up again next turn. */
  cooling: number;
}

/**
 * undici puts a connection whose response just ended back to use only a full event-loop turn
 * later (to see that the server keeps it open), so a request dispatched in that turn gets a
 * connection of its own: five awaited sequential requests open two, as raw undici and `fetch`
 * do. The gate holds such a request back to the end of that turn, when no other connection to
 * its origin is idle, so that it rides the freed one (httpx opens one); with an idle connection
 * it goes at once. Held requests go in one `setImmediate`, registered after undici's own.
 * The reset of the cooling count, registered before it, may let a request dispatched between
 * the two (from a microtask of another immediate) open a connection: the old behaviour, rarely.
 */
export class ReuseGate {
  readonly #origins = new Map<string, Origin>();
  #held: Array<() => void> = [];
  #resetting = false;

  opened(origin: string): void {
    this.#of(origin).open++;
  }

  closed(origin: string): void {
    const state = this.#origins.get(origin);
    if (state === undefined) return;
    if (state.open > 0) state.open--;
    if (state.open === 0 && state.busy === 0 && state.cooling === 0) this.#origins.delete(origin);
  }

  /** A request for `origin` is ready: true when it may go now, false when it should be held. */
  mayGo(origin: string): boolean {
    const state = this.#origins.get(origin);
    return state === undefined || state.cooling === 0 || state.open - state.busy - state.cooling > 0;
  }

  /** Holds a request back: `go` runs at the end of the turn (it checks itself whether it is still wanted). */
  hold(go: () => void): void {
    // From a microtask: a request sent from inside undici's end-of-response callback (a
    // redirect's next hop) would otherwise register its immediate before undici's own.
    if (this.#held.push(go) === 1) queueMicrotask(this.#later);
  }

  /** Requests handed to undici for `origin` and not over yet. */
  busy(origin: string): number {
    return this.#origins.get(origin)?.busy ?? 0;
  }

  /** It was handed to undici. */
  started(origin: string): void {
    this.#of(origin).busy++;
  }

  /** It is over: its response ended (`reusable`: its connection goes back next turn), or it failed or was cancelled. */
  ended(origin: string, reusable: boolean): void {
    const state = this.#of(origin);
    if (state.busy > 0) state.busy--;
    if (!reusable) return;
    state.cooling++;
    if (this.#resetting) return;
    this.#resetting = true;
    setImmediate(this.#reset);
  }

  #of(origin: string): Origin {
    let state = this.#origins.get(origin);
    if (state === undefined) {
      state = { open: 0, busy: 0, cooling: 0 };
      this.#origins.set(origin, state);
    }
    return state;
  }

  /** The turn is over: every connection freed in it is taken up again by undici. */
  readonly #reset = (): void => {
    this.#resetting = false;
    for (const state of this.#origins.values()) state.cooling = 0;
  };

  readonly #later = (): void => {
    setImmediate(this.#flush);
  };

  readonly #flush = (): void => {
    const held = this.#held;
    this.#held = [];
    for (const go of held) go();
  };
}
