import { describe } from '../config/describe.ts';
import type { RetryPolicy } from '../config/retry-policy.ts';
import type { Response } from '../models/response.ts';
import { parseRetryAfter } from './retry-after.ts';

/** The default backoff before jitter: 500 ms, doubling with each retry. */
export function exponentialBackoff(retry: number): number {
  return 500 * 2 ** (retry - 1);
}

/**
 * How long to wait, in whole ms, before retry number `retry` (1 for the first retry).
 *
 * A `Retry-After` on the failed `response` wins when `respectRetryAfter` is on and it can be
 * read: exactly what it asks (from `now`, the scheduler's clock), capped by `maxDelay`.
 * Otherwise the user's `backoff`, as returned, capped; or the default exponential backoff,
 * capped, then jittered to a random point between half and all of it ("equal jitter": clients
 * that failed together spread out, yet each still waits at least half the backoff).
 *
 * Throws a `TypeError` when `backoff` or `random` returns something that is not a number.
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  response: Response | undefined,
  now: number,
): number {
  if (response && policy.respectRetryAfter) {
    const asked = parseRetryAfter(response.headers.get('retry-after'), now);
    if (asked !== undefined) return Math.ceil(Math.min(asked, policy.maxDelay));
  }
  if (policy.backoff) {
    const delay = policy.backoff(retry);
    if (typeof delay !== 'number' || !(delay >= 0))
      throw new TypeError(`retry.backoff(${retry}) must return a number of ms >= 0, not ${describe(delay)}`);
    return Math.round(Math.min(delay, policy.maxDelay));
  }
  const ceiling = Math.min(exponentialBackoff(retry), policy.maxDelay);
  const random = policy.random();
  if (typeof random !== 'number' || Number.isNaN(random))
    throw new TypeError(`retry.random() must return a number from 0 to 1, not ${describe(random)}`);
  const share = Math.min(1, Math.max(0, random));
  return Math.round((ceiling * (1 + share)) / 2);
}
