import {
  type MonoTypeOperatorFunction,
  Observable,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import type { Timeout } from '../config/timeout.ts';
import type { Request } from '../models/request.ts';
import type { TransportEvent } from '../transports/transport.ts';
import { type Phase, phaseAfter, phaseTimeout } from './timeout-phase.ts';

/**
 * Bounds one attempt's phases (see {@link phaseAfter}): every progress event starts the clock
 * of the phase it leads to afresh, so `read` bounds each wait for the next response event and
 * `write` each wait for the next upload progress, while `pool` and `connect` bound their whole
 * wait. Events that are no progress (`sent`, unknown ones) pass without touching the clock.
 * When a clock runs out the stream errors with that phase's `TimeoutError`, which unsubscribes
 * the transport: the request is aborted and its pool slot freed.
 *
 * Time comes only from `scheduler` (`now()` and `schedule()`), so a `TestScheduler` drives it.
 * The clock is lazy: an event only notes the time, and the one armed timer, when it fires,
 * either times out or re-arms itself for what is left. So a chunk costs no timer of its own.
 */
export function phaseTimeouts(
  limits: Timeout,
  request: Request,
  scheduler: SchedulerLike,
): MonoTypeOperatorFunction<TransportEvent> {
  const hasBody = request.body !== null && request.body.length !== 0;
  return (source) =>
    new Observable<TransportEvent>((subscriber) => {
      let phase: Phase = 'connect';
      let limit: number | null = null;
      let since = 0;
      let timer: Subscription | null = null;
      // When the armed timer fires (Infinity: none is armed).
      let due = Number.POSITIVE_INFINITY;
      let subscription: Subscription | undefined;

      const disarm = (): void => {
        timer?.unsubscribe();
        timer = null;
        due = Number.POSITIVE_INFINITY;
      };
      function fire(this: SchedulerAction<undefined>): void {
        timer = null;
        due = Number.POSITIVE_INFINITY;
        if (limit === null || phase === 'done') return;
        const now = scheduler.now();
        const left = since + limit - now;
        if (left > 0) {
          timer = this.schedule(undefined, left);
          due = now + left;
        } else {
          // Abort first, so the slot is free before anyone downstream reacts (a retry, say).
          subscription?.unsubscribe();
          subscriber.error(phaseTimeout(phase, limit, request));
        }
      }
      const enter = (next: Phase): void => {
        phase = next;
        since = scheduler.now();
        limit = next === 'done' ? null : limits[next];
        if (limit === null) disarm();
        else if (since + limit < due) {
          // The armed timer would fire too late for this phase: arm one for it instead.
          disarm();
          timer = scheduler.schedule(fire, limit);
          due = since + limit;
        }
      };

      enter('connect');
      subscription = source.subscribe({
        next(event) {
          const next = phaseAfter(phase, event, hasBody);
          if (next !== null) enter(next);
          subscriber.next(event);
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          subscriber.complete();
        },
      });
      return () => {
        disarm();
        subscription?.unsubscribe();
      };
    });
}
