import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/** What `setTimeout` returns: an object with `ref`/`unref` in Node, a number in browsers. */
type TimerHandle = ReturnType<typeof setTimeout>;

/** Node's timer methods that decide whether a pending timer keeps the process alive. */
interface KeepsAlive {
  ref(): unknown;
  unref(): unknown;
}

/** Tells Node whether `handle` keeps the process alive; a browser's numeric id has no say. */
function keepAlive(handle: TimerHandle | undefined, alive: boolean): void {
  if (typeof handle !== 'object' || handle === null) return;
  const timer = handle as Partial<KeepsAlive>;
  if (typeof timer.ref !== 'function' || typeof timer.unref !== 'function') return;
  if (alive) timer.ref();
  else timer.unref();
}

/** What the scheduler keeps of an action: when it is due, and how to run it. */
interface Pending {
  readonly due: number;
  execute(): void;
}

/**
 * A scheduler whose actions share one host timer, armed for the earliest of them. Made for
 * the phase timeouts: every request schedules a clock that is nearly always cancelled before
 * it fires, and RxJS's `asyncScheduler` would create and clear a Node timer (an interval)
 * for each. Here scheduling is a set insertion and cancelling a deletion; the host timer
 * moves only when an earlier action arrives or when it fires. A client uses one when no
 * `scheduler` is given; a `TestScheduler` replaces it like any other.
 */
export class SharedTimerScheduler implements SchedulerLike {
  readonly #actions = new Set<Pending>();
  #timer: TimerHandle | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  now(): number {
    return Date.now();
  }

  schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
    return new SharedTimerAction<T>(this, work).schedule(state, delay);
  }

  /** @internal An action is due at `action.due`. */
  _add(action: Pending): void {
    this.#actions.add(action);
    if (action.due < this.#armedFor) this.#arm(action.due);
    else if (this.#actions.size === 1) keepAlive(this.#timer, true);
  }

  /**
   * @internal An action was cancelled. When none is left the host timer stays armed but
   * stops keeping the process alive (in Node; browsers have no such notion): the next
   * request's clock, a moment later, mostly reuses it instead of clearing one timer and
   * setting another.
   */
  _remove(action: Pending): void {
    if (this.#actions.delete(action) && this.#actions.size === 0) keepAlive(this.#timer, false);
  }

  /** Clears the host timer if no action is pending (a client calls it when it closes). */
  stopWhenIdle(): void {
    if (this.#actions.size > 0 || this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedFor = due;
    this.#timer = setTimeout(this.#fire, Math.max(0, due - this.now()));
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.now();
    const due: Pending[] = [];
    for (const action of this.#actions) if (action.due <= now) due.push(action);
    for (const action of due) {
      this.#actions.delete(action);
      action.execute();
    }
    // What is left (and what the actions just run scheduled) sets the next alarm.
    let next = Number.POSITIVE_INFINITY;
    for (const action of this.#actions) if (action.due < next) next = action.due;
    if (next < this.#armedFor) this.#arm(next);
  };
}

/** One scheduled piece of work; `schedule()` on it again (from inside `work`) re-arms it. */
class SharedTimerAction<T> extends Subscription implements SchedulerAction<T>, Pending {
  due = Number.POSITIVE_INFINITY;
  #state: T | undefined;
  readonly #scheduler: SharedTimerScheduler;
  readonly #work: Work<T>;

  constructor(scheduler: SharedTimerScheduler, work: Work<T>) {
    super();
    this.#scheduler = scheduler;
    this.#work = work;
  }

  override unsubscribe(): void {
    if (this.closed) return;
    this.#scheduler._remove(this);
    super.unsubscribe();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#state = state;
    this.due = this.#scheduler.now() + delay;
    this.#scheduler._add(this);
    return this;
  }

  /** @internal */
  execute(): void {
    if (!this.closed) this.#work.call(this, this.#state);
  }
}
