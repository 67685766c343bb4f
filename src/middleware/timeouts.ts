import { asyncScheduler, Observable, type Subscription, throwError } from 'rxjs';
import { ownValue } from '../config/own.ts';
import { Timeout, type TimeoutOption } from '../config/timeout.ts';
import { TotalTimeout } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';
import type { Middleware, TransportEvent } from '../transports/transport.ts';
import { phaseTimeouts } from './phase-timeouts.ts';
import type { SchedulerOptions } from './retry.ts';

/**
 * The `Timeout` for one request: its own `extensions.timeout` when set (`null` = none), else
 * the factory's. A request's value replaces the factory's whole, as every request option does.
 */
export function timeoutOf(request: Request, fallback: Timeout): Timeout {
  const option = ownValue(request.extensions, 'timeout', request.extensions.timeout);
  return option === undefined ? fallback : Timeout.from(option);
}

/**
 * Phase timeouts of one attempt (`connect`, `pool`, `write`, `read`), measured from the
 * transport's events: the innermost layer, right above the transport. A timeout errors the
 * stream with `ConnectTimeout`, `PoolTimeout`, `WriteTimeout` or `ReadTimeout`, which aborts
 * the request and frees its connection. Each request may replace the limits through
 * `extensions.timeout` (`null` disables them all).
 *
 * @param option the limits for requests that do not set their own. @default new Timeout(5000)
 * @example compose(new ConnectionPool(), timeouts({ connect: 1000, read: 10_000 }))
 */
export function timeouts(option?: TimeoutOption, options: SchedulerOptions = {}): Middleware {
  const fallback = Timeout.from(option);
  const scheduler = ownValue(options, 'scheduler', options.scheduler) ?? asyncScheduler;
  return (request, next) => {
    let limits: Timeout;
    try {
      limits = timeoutOf(request, fallback);
    } catch (error) {
      return throwError(() => error);
    }
    const { connect, read, write, pool } = limits;
    if (connect === null && read === null && write === null && pool === null) return next(request);
    return phaseTimeouts(next(request), limits, request, scheduler);
  };
}

/** How long a request waited in the client's queue before its pipeline was built, in ms. */
const queued = new WeakMap<Request, number>();

/**
 * Notes that `request` waited `ms` in the client's queue (`Admission`) before it reached the
 * pipeline: its `total` deadline has that much less left. Internal.
 */
export function noteQueued(request: Request, ms: number): void {
  if (ms <= 0) return;
  queued.set(request, ms);
  counted.delete(request);
}

/**
 * How long `request` waited in the client's queue, once: later attempts of the same request
 * (retries below the deadline) did not wait there. For `response.timings`. Internal.
 */
export function takeQueued(request: Request): number {
  const ms = queued.get(request);
  if (ms === undefined || counted.has(request)) return 0;
  counted.add(request);
  return ms;
}

/** The requests whose queue wait `takeQueued` gave, since they last waited there. */
const counted = new WeakSet<Request>();

/**
 * The `total` deadline over a whole request: every layer below it (redirect hops, auth round
 * trips, retries and their delays, the body). When it passes, everything below is unsubscribed
 * (so whatever is in flight is aborted) and the stream errors with `TotalTimeout`. A request
 * that waited in the client's queue for a connection has that wait counted too. Each request
 * may replace it through `extensions.timeout` (`null` disables it).
 *
 * @param option the deadline (its `total`) for requests that do not set their own. @default none
 * @example compose(new ConnectionPool(), deadline({ total: 30_000 }), redirects())
 */
export function deadline(option?: TimeoutOption, options: SchedulerOptions = {}): Middleware {
  const fallback = Timeout.from(option);
  const scheduler = ownValue(options, 'scheduler', options.scheduler) ?? asyncScheduler;
  return (request, next) => {
    let total: number | null;
    try {
      total = timeoutOf(request, fallback).total;
    } catch (error) {
      return throwError(() => error);
    }
    if (total === null) return next(request);
    const limit = total;
    return new Observable<TransportEvent>((subscriber) => {
      let subscription: Subscription | undefined;
      const timer = scheduler.schedule(
        () => {
          subscription?.unsubscribe();
          const message = `${request.method} ${urlForMessage(request.url)}: the request did not complete within ${limit} ms (timeout.total)`;
          subscriber.error(new TotalTimeout(message, request));
        },
        Math.max(0, limit - (queued.get(request) ?? 0)),
      );
      subscription = next(request).subscribe({
        next: (event) => subscriber.next(event),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        timer.unsubscribe();
        subscription?.unsubscribe();
      };
    });
  };
}
