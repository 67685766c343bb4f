import type { TimeoutOption } from '../config/timeout.ts';
import type { Middleware } from '../transports/transport.ts';
import type { SchedulerOptions } from './retry.ts';

/** STUB (helper fills in): phase timeouts of one attempt. */
export function timeouts(_option?: TimeoutOption, _options: SchedulerOptions = {}): Middleware {
  return (request, next) => next(request);
}

/** STUB (helper fills in): the `total` deadline over a whole request. */
export function deadline(_option?: TimeoutOption, _options: SchedulerOptions = {}): Middleware {
  return (request, next) => next(request);
}
