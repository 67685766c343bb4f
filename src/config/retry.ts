/**
 * When and how often to re-send one hop. Times are in milliseconds.
 *
 * An attempt is retried when it fails before any response byte arrived with a timeout or a
 * network error (see `isRetryableError`), or when its response has one of `statusCodes`; only
 * for `methods`, and never when the request body can be read only once. When the retries run
 * out, the last response is delivered as it is (a 503 stays a 503) and the last error is raised.
 *
 * @example
 * new Client({ retry: { limit: 4, statusCodes: [503], maxDelay: 10_000 } })
 */
export interface RetryOptions {
  /**
   * The most retries after the first attempt: `limit: 2` makes at most 3 attempts; `0` none.
   * A whole number, or `Infinity`.
   * @default 2
   */
  limit?: number;
  /**
   * The methods that may be re-sent (any case). The default lists the idempotent ones; add
   * `'POST'` or `'PATCH'` only when the server makes them safe to repeat.
   * @default ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']
   */
  methods?: readonly string[];
  /**
   * The response statuses that cause a retry. The failed response's body is read to its end
   * (so the connection goes back to the pool) and carried by the `retry` event.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * The delay in ms before retry number `retry` (1 for the first retry, i.e. attempt 2), used
   * as returned (no jitter is added) and capped by `maxDelay`. Return a number >= 0.
   * @default (retry) => 500 * 2 ** (retry - 1), capped by `maxDelay`, then jittered: a random
   *   point between half and all of it (`random`), so 250–500 ms, 500–1000 ms, …
   */
  backoff?: (retry: number) => number;
  /**
   * The longest wait before a retry, for the backoff and for `Retry-After` alike; at most
   * 2147483647 (what a timer can wait).
   * @default 30000
   */
  maxDelay?: number;
  /**
   * Wait as long as a retried response's `Retry-After` says (seconds, or an HTTP date relative
   * to the scheduler's clock), capped by `maxDelay`, instead of the backoff. An unreadable
   * `Retry-After` falls back to the backoff.
   * @default true
   */
  respectRetryAfter?: boolean;
  /**
   * The random source of the default backoff's jitter, returning a number in [0, 1] (values
   * outside are clamped): inject one to make delays exact in tests.
   * @default Math.random
   */
  random?: () => number;
}

/** `retry: 3` means `{ limit: 3 }`; `0` or `null` turns retries off. */
export type RetryOption = number | RetryOptions | null;
