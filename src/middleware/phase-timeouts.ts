import {
  Observable,
  type SchedulerAction,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs';
import type { Timeout } from '../config/timeout.ts';
import type { Request } from '../models/request.ts';
import { LayerSubscriber } from '../pipeline/layer-subscriber.ts';
import { type SharedTimer, SharedTimerScheduler } from '../scheduling/shared-timer-scheduler.ts';
import { isInternalEvent, type TransportEvent } from '../transports/transport.ts';
import { type Phase, phaseAfter, phaseTimeout } from './timeout-phase.ts';

/**
 * Bounds one attempt's phases (see {@link phaseAfter}): every progress event starts the clock
 * of the phase it leads to afresh, so `read` bounds each wait for the next response event and
 * `write` each wait for the next upload progress, while `pool` and `connect` bound their whole
 * wait. Events that are no progress (`sent`, unknown ones) pass without touching the clock.
 * The transport's internal events (`queued`, `connected`, `received`, …) are consumed here:
 * the layers above never see them. When a clock runs out the stream errors with that phase's `TimeoutError`, which unsubscribes
 * the transport: the request is aborted and its pool slot freed.
 *
 * Time comes only from `scheduler` (`now()` and `schedule()`), so a `TestScheduler` drives it.
 * The clock is lazy: an event only notes the time, and the one armed timer, when it fires,
 * either times out or re-arms itself for what is left. So a chunk costs no timer of its own.
 */
export function phaseTimeouts(
  source: Observable<TransportEvent>,
  limits: Timeout,
  request: Request,
  scheduler: SchedulerLike,
): Observable<TransportEvent> {
  return new Observable<TransportEvent>((subscriber) => {
    const clock = new PhaseClock(subscriber, limits, request, scheduler);
    clock.enter('connect');
    source.subscribe(clock);
  });
}

/**
 * The state of one attempt's clock, as one object: a `Subscriber` of RxJS 7 linked to the
 * one downstream (as RxJS's own operators are), so an attempt costs no closures or wrappers.
 * Unsubscribing downstream unsubscribes it, its timer and the transport.
 */
class PhaseClock extends LayerSubscriber<TransportEvent> implements SharedTimer {
  readonly #limits: Timeout;
  readonly #request: Request;
  readonly #scheduler: SchedulerLike;
  /** The client's own scheduler, which keeps the clock itself as its timer (no action object per attempt). */
  readonly #shared: SharedTimerScheduler | null;
  readonly #hasBody: boolean;
  phase: Phase = 'connect';
  limit: number | null = null;
  since = 0;
  /** The timer of any other scheduler (a `TestScheduler`…). */
  #timer: Subscription | null = null;
  /** When the armed timer fires (Infinity: none is armed). */
  due = Number.POSITIVE_INFINITY;
  // Set by the shared scheduler alone (SharedTimer): the clock's place in its list.
  pending = false;
  earlier: SharedTimer | null = null;
  later: SharedTimer | null = null;

  constructor(
    destination: Subscriber<TransportEvent>,
    limits: Timeout,
    request: Request,
    scheduler: SchedulerLike,
  ) {
    super(destination);
    this.#limits = limits;
    this.#request = request;
    this.#scheduler = scheduler;
    this.#shared = scheduler instanceof SharedTimerScheduler ? scheduler : null;
    this.#hasBody = request.body !== null && request.body.length !== 0;
  }

  enter(next: Phase): void {
    this.phase = next;
    // Done, or a phase without a limit: no clock runs, so the time is not asked for.
    this.limit = limitOf(this.#limits, next);
    if (this.limit === null) {
      this.#disarm();
      return;
    }
    this.since = this.#scheduler.now();
    // The armed timer would fire too late for this phase: arm one for it instead.
    const due = this.since + this.limit;
    if (due < this.due) this.#arm(due, this.limit);
  }

  /** The armed time came: time out, or re-arm for what is left of the current phase. */
  timeUp(): void {
    this.#timer = null;
    this.due = Number.POSITIVE_INFINITY;
    if (this.limit === null || this.phase === 'done') return;
    const now = this.#scheduler.now();
    const left = this.since + this.limit - now;
    if (left > 0) this.#arm(now + left, left);
    else this.expire();
  }

  /** Out of time: abort first (so the slot is free before anyone downstream reacts), then fail. */
  expire(): void {
    const error = phaseTimeout(this.phase as Exclude<Phase, 'done'>, this.limit!, this.#request);
    const downstream = this.destination;
    this.unsubscribe();
    downstream.error(error);
  }

  override unsubscribe(): void {
    this.#disarm();
    super.unsubscribe();
  }

  protected override _next(event: TransportEvent): void {
    const next = phaseAfter(this.phase, event, this.#hasBody);
    if (next !== null) this.enter(next);
    // The transport's internal events are for this clock alone: nothing above needs them.
    if (!isInternalEvent(event)) this.destination.next(event);
  }

  /** Arms the timer for `due`, `delay` ms from now, in place of the one armed. */
  #arm(due: number, delay: number): void {
    this.#disarm();
    this.due = due;
    if (this.#shared !== null) this.#shared.add(this);
    else this.#timer = this.#scheduler.schedule(fire, delay, this);
  }

  #disarm(): void {
    if (this.due === Number.POSITIVE_INFINITY) return;
    this.due = Number.POSITIVE_INFINITY;
    if (this.#timer !== null) {
      this.#timer.unsubscribe();
      this.#timer = null;
    } else this.#shared?.remove(this);
  }
}

/** The limit of `phase`, by name (a keyed read with four names would go megamorphic). */
function limitOf(limits: Timeout, phase: Phase): number | null {
  switch (phase) {
    case 'pool':
      return limits.pool;
    case 'connect':
      return limits.connect;
    case 'write':
      return limits.write;
    case 'read':
      return limits.read;
    default:
      return null;
  }
}

/** The clock's timer on a scheduler other than the shared one. */
function fire(this: SchedulerAction<PhaseClock>, clock?: PhaseClock): void {
  clock?.timeUp();
}
