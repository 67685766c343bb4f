import type { SchedulerLike } from 'rxjs';
import type { RetryOption } from '../config/retry.ts';
import type { Middleware } from '../transports/transport.ts';

export interface SchedulerOptions {
  /** @default asyncScheduler */
  scheduler?: SchedulerLike;
}

/** STUB (helper fills in): re-sends failed attempts of one hop. */
export function retry(_option: RetryOption = 2, _options: SchedulerOptions = {}): Middleware {
  return (request, next) => next(request);
}
