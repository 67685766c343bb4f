import type { SchedulerLike, Subscription } from 'rxjs';
import type { Timeout } from '../config/timeout.ts';
import { ClientClosed, PoolTimeout, TotalTimeout } from '../errors.ts';
import { noteQueued, timeoutOf } from '../middleware/timeouts.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';
import { Slots, type SlotWaiter } from '../transports/slots.ts';

/** What waits for a slot: it starts when granted, or fails. */
export interface Admitted {
  /** Builds and subscribes the pipeline: the request has its slot, given back by `release()`. */
  start(request: Request): void;
  fail(error: unknown): void;
}

/**
 * The client's queue, above the pipeline: at most `limits.maxConnections` requests go through
 * the pipeline at once, and the rest wait here holding only their request, their subscriber
 * and (when a limit applies) one timer. Their middleware chain, clocks and transport
 * subscription are built when a slot is granted, so 10,000 requests waiting for 64
 * connections cost 10,000 small waiters, not 10,000 pipelines.
 *
 * The wait is the pool phase: bounded by `timeout.pool` (`PoolTimeout`) and counted in
 * `timeout.total` (`TotalTimeout` while still waiting; the time spent here is taken off the
 * deadline's budget once the request goes on). The timer goes through the client's scheduler,
 * so a `TestScheduler` drives it.
 */
export class Admission {
  readonly #slots: Slots;
  readonly #scheduler: SchedulerLike;
  readonly #timeout: Timeout;
  readonly #closed: () => boolean;

  constructor(limit: number | null, scheduler: SchedulerLike, timeout: Timeout, closed: () => boolean) {
    this.#slots = new Slots(limit);
    this.#scheduler = scheduler;
    this.#timeout = timeout;
    this.#closed = closed;
  }

  /**
   * Starts `admitted` at once when a slot is free; else queues it. Returns what cancels the
   * wait (`undefined` when it started at once: the pipeline's subscription cancels then).
   */
  enter(request: Request, admitted: Admitted): { unsubscribe(): void } | undefined {
    if (this.#slots.tryAcquire()) {
      admitted.start(request);
      return undefined;
    }
    let limits: Timeout;
    try {
      limits = timeoutOf(request, this.#timeout);
    } catch (error) {
      admitted.fail(error);
      return undefined;
    }
    const waiter = new Waiter(this, request, admitted, this.#scheduler.now());
    this.#slots.acquire(waiter);
    const { pool, total } = limits;
    const limit = pool === null ? total : total === null ? pool : Math.min(pool, total);
    if (limit !== null) waiter.timer = this.#scheduler.schedule(expire, limit, waiter);
    return waiter;
  }

  /** A request that had a slot is over: its slot goes to the longest waiter, if any. */
  release(): void {
    this.#slots.release();
  }

  /** @internal */
  withdraw(waiter: Waiter): void {
    this.#slots.withdraw(waiter);
  }

  /** @internal The waiter's limit passed: which timeout it was, and the error. */
  expired(waiter: Waiter): void {
    this.#slots.withdraw(waiter);
    const { request } = waiter;
    const limits = timeoutOf(request, this.#timeout);
    const where = `${request.method} ${urlForMessage(request.url)}`;
    const poolFirst = limits.pool !== null && (limits.total === null || limits.pool <= limits.total);
    waiter.admitted.fail(
      poolFirst
        ? new PoolTimeout(
            `${where}: no free connection in the pool within ${limits.pool} ms (timeout.pool)`,
            request,
          )
        : new TotalTimeout(
            `${where}: the request did not complete within ${limits.total} ms (timeout.total)`,
            request,
          ),
    );
  }

  /** @internal */
  granted(waiter: Waiter): void {
    waiter.timer?.unsubscribe();
    const { request, admitted } = waiter;
    if (this.#closed()) {
      this.release();
      admitted.fail(
        new ClientClosed('The client was closed while the request waited for a connection', request),
      );
      return;
    }
    noteQueued(request, this.#scheduler.now() - waiter.since);
    admitted.start(request);
  }
}

/** One queued request: the queue entry itself, and what cancels it. */
class Waiter implements SlotWaiter {
  timer: Subscription | undefined;
  #done = false;
  readonly #admission: Admission;
  readonly request: Request;
  readonly admitted: Admitted;
  readonly since: number;

  constructor(admission: Admission, request: Request, admitted: Admitted, since: number) {
    this.#admission = admission;
    this.request = request;
    this.admitted = admitted;
    this.since = since;
  }

  slotGranted(): void {
    if (this.#done) return this.#admission.release();
    this.#done = true;
    this.#admission.granted(this);
  }

  expire(): void {
    if (this.#done) return;
    this.#done = true;
    this.#admission.expired(this);
  }

  /** Cancelled while waiting: out of the queue, the timer gone. A started request is cancelled by its pipeline. */
  unsubscribe(): void {
    if (this.#done) return;
    this.#done = true;
    this.timer?.unsubscribe();
    this.#admission.withdraw(this);
  }
}

function expire(this: unknown, waiter?: Waiter): void {
  waiter?.expire();
}
