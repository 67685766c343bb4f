import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import type { Timeout } from '../config/timeout.ts';
import { ClientClosed, PoolTimeout, TotalTimeout } from '../errors.ts';
import { noteQueued, timeoutOf } from '../middleware/timeouts.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';
import { Slots, type SlotWaiter } from '../transports/slots.ts';

/**
 * A request waiting in the client's queue: the queue entry and its cancellation in one object
 * (the client's subclass adds what it needs to start the pipeline). `start` runs when a slot is
 * granted, `fail` when the wait ends otherwise.
 */
export abstract class Waiter implements SlotWaiter {
  /** When its limit passes (Infinity: none). */
  due = Number.POSITIVE_INFINITY;
  /** Its own timer, when its limit is not the client's (a request's own `timeout`). */
  timer: Subscription | undefined;
  since = 0;
  #queue: Admission | undefined;
  #done = false;
  readonly request: Request;

  constructor(request: Request) {
    this.request = request;
  }

  /** Builds and subscribes the pipeline: the request holds a slot until the client releases it. */
  abstract start(): void;
  abstract fail(error: unknown): void;

  /** @internal */
  queued(queue: Admission, since: number): void {
    this.#queue = queue;
    this.since = since;
  }

  slotGranted(): void {
    if (this.#done) {
      this.#queue?.release();
      return;
    }
    this.#done = true;
    this.#queue?.granted(this);
  }

  /** @internal The limit passed. */
  expire(): void {
    if (this.#done) return;
    this.#done = true;
    this.#queue?.expired(this);
  }

  /** Cancelled while waiting: out of the queue, its timer with it. A started request is cancelled by its pipeline. */
  unsubscribe(): void {
    if (this.#done) return;
    this.#done = true;
    this.timer?.unsubscribe();
    this.#queue?.withdraw(this);
  }
}

/**
 * The client's queue, above the pipeline: at most `limits.maxConnections` requests go through
 * the pipeline at once, and the rest wait here holding only their request, their subscriber
 * and one small entry. Their middleware chain, clocks and transport subscription are built when
 * a slot is granted, so 10,000 requests waiting for 64 connections cost 10,000 entries, not
 * 10,000 pipelines.
 *
 * The wait is the pool phase: bounded by `timeout.pool` (`PoolTimeout`) and counted in
 * `timeout.total` (`TotalTimeout` while still waiting; the time spent here is taken off the
 * deadline's budget once the request goes on). Entries on the client's own limits are due in
 * the order they came, so one timer serves them all; a request with its own `timeout` gets a
 * timer of its own. Time goes through the client's scheduler, so a `TestScheduler` drives it.
 */
export class Admission {
  readonly #slots: Slots;
  readonly #scheduler: SchedulerLike;
  readonly #timeout: Timeout;
  /** The wait the client's limits allow (`pool`, or `total` when shorter), or null. */
  readonly #limit: number | null;
  readonly #closed: () => boolean;
  /** Waiters on the client's limits, oldest first (so due in order), and the one timer for them. */
  readonly #onClientLimit = new Set<Waiter>();
  #timer: Subscription | undefined;

  constructor(limit: number | null, scheduler: SchedulerLike, timeout: Timeout, closed: () => boolean) {
    this.#slots = new Slots(limit);
    this.#scheduler = scheduler;
    this.#timeout = timeout;
    this.#limit = waitLimit(timeout);
    this.#closed = closed;
  }

  /** Starts `waiter` at once when a slot is free; else queues it (unsubscribe it to cancel). */
  enter(waiter: Waiter): void {
    if (this.#slots.tryAcquire()) {
      waiter.start();
      return;
    }
    const { request } = waiter;
    let limit = this.#limit;
    let own = false;
    if (Object.hasOwn(request.extensions, 'timeout')) {
      try {
        limit = waitLimit(timeoutOf(request, this.#timeout));
      } catch (error) {
        waiter.fail(error);
        return;
      }
      own = true;
    }
    const now = this.#scheduler.now();
    waiter.queued(this, now);
    this.#slots.acquire(waiter);
    if (limit === null) return;
    waiter.due = now + limit;
    if (own) {
      waiter.timer = this.#scheduler.schedule(expireOne, limit, waiter);
      return;
    }
    this.#onClientLimit.add(waiter);
    this.#timer ??= this.#scheduler.schedule(expireDue, limit, this);
  }

  /** A request that had a slot is over: its slot goes to the longest waiter, if any. */
  release(): void {
    this.#slots.release();
  }

  /** @internal The shared timer fired: fails the waiters now due, and re-arms for the next. */
  expireDue(action: SchedulerAction<Admission>): void {
    const now = this.#scheduler.now();
    this.#timer = undefined;
    for (const waiter of this.#onClientLimit) {
      if (waiter.due > now) {
        this.#timer = action.schedule(this, waiter.due - now);
        return;
      }
      waiter.expire();
    }
  }

  /** @internal */
  withdraw(waiter: Waiter): void {
    this.#slots.withdraw(waiter);
    this.#forget(waiter);
  }

  /** @internal The waiter's limit passed: `PoolTimeout`, or `TotalTimeout` when that came first. */
  expired(waiter: Waiter): void {
    this.withdraw(waiter);
    const { request } = waiter;
    const { pool, total } = timeoutOf(request, this.#timeout);
    const where = `${request.method} ${urlForMessage(request.url)}`;
    waiter.fail(
      pool !== null && (total === null || pool <= total)
        ? new PoolTimeout(
            `${where}: no free connection in the pool within ${pool} ms (timeout.pool)`,
            request,
          )
        : new TotalTimeout(
            `${where}: the request did not complete within ${total} ms (timeout.total)`,
            request,
          ),
    );
  }

  /** @internal */
  granted(waiter: Waiter): void {
    waiter.timer?.unsubscribe();
    this.#forget(waiter);
    if (this.#closed()) {
      this.release();
      waiter.fail(
        new ClientClosed('The client was closed while the request waited for a connection', waiter.request),
      );
      return;
    }
    noteQueued(waiter.request, this.#scheduler.now() - waiter.since);
    waiter.start();
  }

  #forget(waiter: Waiter): void {
    if (!this.#onClientLimit.delete(waiter) || this.#onClientLimit.size > 0) return;
    this.#timer?.unsubscribe();
    this.#timer = undefined;
  }
}

/** How long a request may wait for a slot: `pool`, or `total` when it is shorter; null for no limit. */
function waitLimit({ pool, total }: Timeout): number | null {
  return pool === null ? total : total === null ? pool : Math.min(pool, total);
}

function expireOne(this: unknown, waiter?: Waiter): void {
  waiter?.expire();
}

function expireDue(this: SchedulerAction<Admission>, queue?: Admission): void {
  queue?.expireDue(this);
}
