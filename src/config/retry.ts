/** When and how often to retry. Times are in ms. */
export interface RetryOptions {
  /**
   * The most retries after the first attempt.
   * @default 2
   */
  limit?: number;
  /**
   * The methods that may be re-sent (idempotent ones by default).
   * @default ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']
   */
  methods?: readonly string[];
  /**
   * The response statuses that cause a retry.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * The delay before retry number `attempt` (1 for the first retry), before jitter and the cap.
   * @default (attempt) => 500 * 2 ** (attempt - 1), with full jitter
   */
  backoff?: (attempt: number) => number;
  /**
   * The longest delay, for the backoff and for `Retry-After` alike.
   * @default 30000
   */
  maxDelay?: number;
  /**
   * Wait as long as a 429/503 response's `Retry-After` says (seconds or an HTTP date) instead of the backoff.
   * @default true
   */
  respectRetryAfter?: boolean;
  /**
   * The random source for jitter, returning a number in [0, 1): inject one to make delays exact in tests.
   * @default Math.random
   */
  random?: () => number;
}

/** `retry: 3` means `{ limit: 3 }`; `0` or `null` turns retries off. */
export type RetryOption = number | RetryOptions | null;
