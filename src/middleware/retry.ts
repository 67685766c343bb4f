import { asyncScheduler, defer, EMPTY, map, Observable, type SchedulerLike, timer } from 'rxjs';
import { own } from '../config/own.ts';
import type { RetryOption, RetryOptions } from '../config/retry.ts';
import { type RetryPolicy, resolveRetryPolicy } from '../config/retry-policy.ts';
import type { RetryEvent } from '../events.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import type { Handler, Middleware, TransportEvent } from '../transports/transport.ts';
import { retryDelay } from './retry-delay.ts';
import { isRetryableError } from './retryable-error.ts';
import { takeOver } from './take-over.ts';

export interface SchedulerOptions {
  /**
   * The scheduler every delay goes through: pass a `TestScheduler` to run it in virtual time.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/** Why an attempt is made again: the error it failed with, or the response it got. */
type Cause = Pick<RetryEvent, 'error'> | Pick<RetryEvent, 'response'>;

/**
 * Re-sends one hop when an attempt fails in a way worth repeating (see {@link RetryOptions}):
 * an error before any response byte that `isRetryableError` accepts, or a response whose status
 * is listed. Only for the listed methods, and never for a request whose body can be read only
 * once (its first outcome is final).
 *
 * Before each new attempt it emits `{ type: 'retry', attempt, delay, error? | response? }`,
 * `attempt` being the number of the attempt about to be made (2 for the first retry), then
 * waits `delay` ms on the scheduler, then subscribes to the hop below again; every `sent`
 * event carries the number of its attempt. A retried response's body is discarded, never
 * decoded nor kept (read raw to its end when at most 64 KiB, so its connection goes back to the
 * pool, else its connection is closed: see `takeOver`), and the response never reaches the
 * stream as `headers` or `response`, only in the `retry` event (`isDiscarded`). When the retries run out, the last response is
 * delivered as it is and the last error is raised. Unsubscribing during a delay cancels it.
 *
 * `retry(3)` is `retry({ limit: 3 })`; `retry(0)` and `retry(null)` pass every request through.
 * Invalid options throw a `TypeError` here, at once.
 *
 * @example
 * compose(new ConnectionPool(), retry({ limit: 3, statusCodes: [503] }))
 */
export function retry(option: RetryOption = 2, options: SchedulerOptions = {}): Middleware {
  const policy = resolveRetryPolicy(option);
  const scheduler = own(options, 'scheduler') ?? asyncScheduler;
  if (policy.limit === 0) return (request, next) => next(request);
  return (request, next) =>
    policy.methods.has(request.method) && !isOneShot(request)
      ? attempts(request, next, policy, scheduler)
      : next(request);
}

/** A body that can be read only once cannot be sent again. */
function isOneShot(request: Request): boolean {
  return request.body !== null && !request.body.replayable;
}

/** The attempts at one hop, one after the other, each subscribed only when the one before has ended. */
function attempts(
  request: Request,
  next: Handler,
  policy: RetryPolicy,
  scheduler: SchedulerLike,
): Observable<TransportEvent> {
  return new Observable<TransportEvent>((subscriber) => {
    const attempt = (n: number): void => {
      const mayRetry = n <= policy.limit;
      let answered = false;
      let failed: Response | undefined;
      const hop = defer(() => next(request)).pipe(
        map((event) => {
          if (event.type === 'headers') answered = true;
          return event.type === 'sent' && n > 1 ? { ...event, attempt: n } : event;
        }),
        // A listed status: discard the rest, keep the response, end the hop.
        takeOver((response) =>
          mayRetry && policy.statusCodes.has(response.status)
            ? (finished) => {
                failed = finished;
                return EMPTY;
              }
            : undefined,
        ),
      );
      // Added to the subscriber, so unsubscribing aborts it; an ended hop takes itself out.
      subscriber.add(
        hop.subscribe({
          next: (event) => subscriber.next(event),
          error: (error: unknown) => {
            if (mayRetry && !answered && isRetryableError(error)) again(n + 1, { error });
            else subscriber.error(error);
          },
          complete: () => {
            if (failed) again(n + 1, { response: failed });
            else subscriber.complete();
          },
        }),
      );
    };

    const again = (n: number, cause: Cause): void => {
      let delay: number;
      try {
        delay = retryDelay(policy, n - 1, 'response' in cause ? cause.response : undefined, scheduler.now());
      } catch (error) {
        subscriber.error(error);
        return;
      }
      subscriber.next({ type: 'retry', attempt: n, delay, ...cause });
      if (!subscriber.closed) subscriber.add(timer(delay, scheduler).subscribe(() => attempt(n)));
    };

    attempt(1);
  });
}
