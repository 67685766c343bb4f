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

/**
 * A pending piece of work as the scheduler keeps it: when it is due, what to call then, and its
 * place in the scheduler's list (fields the scheduler alone sets). Its own actions are such
 * entries; a per-request clock (the phase timeouts) is one itself and goes in with `add`, which
 * spares it an action object and a `Subscription` per request. The list is linked through the
 * entries, so adding and removing one allocates nothing and hashes nothing.
 */
export interface SharedTimer {
  readonly due: number;
  timeUp(): void;
  /** In the list now. */
  pending: boolean;
  earlier: SharedTimer | null;
  later: SharedTimer | null;
}

/**
 * A scheduler whose actions share one host timer, armed for the earliest of them. Made for
 * the phase timeouts: every request schedules a clock that is nearly always cancelled before
 * it fires, and RxJS's `asyncScheduler` would create and clear a Node timer (an interval)
 * for each. Here scheduling is a list insertion and cancelling an unlinking; the host timer
 * moves only when an earlier action arrives or when it fires. A client uses one when no
 * `scheduler` is given; a `TestScheduler` replaces it like any other.
 */
export class SharedTimerScheduler implements SchedulerLike {
  /** The pending entries, oldest first. */
  #first: SharedTimer | null = null;
  #last: SharedTimer | null = null;
  #size = 0;
  #timer: TimerHandle | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  now(): number {
    return Date.now();
  }

  schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
    return new SharedTimerAction<T>(this, work).schedule(state, delay);
  }

  /** @internal `action` is due at `action.due`: it is called then unless removed before. */
  add(action: SharedTimer): void {
    if (action.pending) this.#unlink(action);
    action.pending = true;
    action.earlier = this.#last;
    action.later = null;
    if (this.#last === null) this.#first = action;
    else this.#last.later = action;
    this.#last = action;
    this.#size++;
    if (action.due < this.#armedFor) this.#arm(action.due);
    else if (this.#size === 1) keepAlive(this.#timer, true);
  }

  /**
   * @internal An action was cancelled. When none is left the host timer stays armed but
   * stops keeping the process alive (in Node; browsers have no such notion): the next
   * request's clock, a moment later, mostly reuses it instead of clearing one timer and
   * setting another.
   */
  remove(action: SharedTimer): void {
    if (this.#unlink(action) && this.#size === 0) keepAlive(this.#timer, false);
  }

  /** Takes `action` out of the list; false when it was not in it. */
  #unlink(action: SharedTimer): boolean {
    if (!action.pending) return false;
    action.pending = false;
    const { earlier, later } = action;
    if (earlier === null) this.#first = later;
    else earlier.later = later;
    if (later === null) this.#last = earlier;
    else later.earlier = earlier;
    action.earlier = null;
    action.later = null;
    this.#size--;
    return true;
  }

  /** Clears the host timer if no action is pending (a client calls it when it closes). */
  stopWhenIdle(): void {
    if (this.#size > 0 || this.#timer === undefined) return;
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
    const due: SharedTimer[] = [];
    for (let action = this.#first; action !== null; action = action.later)
      if (action.due <= now) due.push(action);
    // One that an earlier one removed (a clock its request's end disarmed) is not called.
    for (const action of due) if (this.#unlink(action)) action.timeUp();
    // What is left (and what the actions just run scheduled) sets the next alarm.
    let next = Number.POSITIVE_INFINITY;
    for (let action = this.#first; action !== null; action = action.later)
      if (action.due < next) next = action.due;
    if (next < this.#armedFor) this.#arm(next);
  };
}

/** One scheduled piece of work; `schedule()` on it again (from inside `work`) re-arms it. */
class SharedTimerAction<T> extends Subscription implements SchedulerAction<T>, SharedTimer {
  due = Number.POSITIVE_INFINITY;
  pending = false;
  earlier: SharedTimer | null = null;
  later: SharedTimer | null = null;
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
    this.#scheduler.remove(this);
    super.unsubscribe();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.#state = state;
    this.due = this.#scheduler.now() + delay;
    this.#scheduler.add(this);
    return this;
  }

  /** @internal */
  timeUp(): void {
    if (!this.closed) this.#work.call(this, this.#state);
  }
}
