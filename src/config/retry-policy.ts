import { checkOptionNames } from '../options.ts';
import type { RetryOption, RetryOptions } from './retry.ts';

/** A `RetryOption` checked and completed with the defaults. */
export interface RetryPolicy {
  readonly limit: number;
  /** Upper case. */
  readonly methods: ReadonlySet<string>;
  readonly statusCodes: ReadonlySet<number>;
  /** The user's backoff, or `undefined` for the default (exponential, jittered). */
  readonly backoff: ((retry: number) => number) | undefined;
  readonly maxDelay: number;
  readonly respectRetryAfter: boolean;
  readonly random: () => number;
}

export const DEFAULT_RETRY_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = [408, 429, 500, 502, 503, 504];
export const DEFAULT_RETRY_LIMIT = 2;
export const DEFAULT_MAX_DELAY = 30_000;
/** The longest delay a timer can wait (2^31 - 1 ms); Node fires longer ones at once. */
export const LONGEST_DELAY = 2_147_483_647;

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'limit',
  'methods',
  'statusCodes',
  'backoff',
  'maxDelay',
  'respectRetryAfter',
  'random',
]);
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks a `retry` option and fills in the defaults: `n` is `{ limit: n }`, `null` (or
 * `undefined`) is `{ limit: 0 }`. Throws a `TypeError` naming the first bad setting.
 */
export function resolveRetryPolicy(option: RetryOption | undefined): RetryPolicy {
  if (option === null || option === undefined) return policyOf({ limit: 0 });
  if (typeof option === 'number') return policyOf({ limit: checkLimit(option) });
  if (typeof option !== 'object' || Array.isArray(option))
    throw new TypeError(`retry must be a number, an options object or null, not ${describeValue(option)}`);
  checkOptionNames('retry', option, OPTION_NAMES);
  return policyOf(option);
}

function policyOf(options: RetryOptions): RetryPolicy {
  return {
    limit: options.limit === undefined ? DEFAULT_RETRY_LIMIT : checkLimit(options.limit),
    methods: new Set(checkMethods(options.methods ?? DEFAULT_RETRY_METHODS)),
    statusCodes: new Set(checkStatusCodes(options.statusCodes ?? DEFAULT_RETRY_STATUS_CODES)),
    backoff: optionalFunction('backoff', options.backoff),
    maxDelay: checkMaxDelay(options.maxDelay ?? DEFAULT_MAX_DELAY),
    respectRetryAfter: checkBoolean('respectRetryAfter', options.respectRetryAfter ?? true),
    random: optionalFunction('random', options.random) ?? Math.random,
  };
}

function checkLimit(limit: unknown): number {
  if (typeof limit === 'number' && limit >= 0 && (Number.isInteger(limit) || limit === Infinity))
    return limit;
  throw new TypeError(`retry limit must be a whole number >= 0 or Infinity, not ${describeValue(limit)}`);
}

function checkMethods(methods: unknown): string[] {
  if (!Array.isArray(methods))
    throw new TypeError(`retry.methods must be an array, not ${describeValue(methods)}`);
  return methods.map((method: unknown) => {
    if (typeof method === 'string' && METHOD.test(method)) return method.toUpperCase();
    throw new TypeError(`retry.methods holds ${describeValue(method)}, which is not an HTTP method`);
  });
}

function checkStatusCodes(codes: unknown): number[] {
  if (!Array.isArray(codes))
    throw new TypeError(`retry.statusCodes must be an array, not ${describeValue(codes)}`);
  return codes.map((code: unknown) => {
    if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) return code;
    throw new TypeError(
      `retry.statusCodes holds ${describeValue(code)}, which is not a status from 100 to 599`,
    );
  });
}

function checkMaxDelay(maxDelay: unknown): number {
  if (typeof maxDelay === 'number' && maxDelay >= 0 && maxDelay <= LONGEST_DELAY) return maxDelay;
  throw new TypeError(
    `retry.maxDelay must be a number of ms from 0 to ${LONGEST_DELAY}, not ${describeValue(maxDelay)}`,
  );
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new TypeError(`retry.${name} must be true or false, not ${describeValue(value)}`);
}

function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new TypeError(`retry.${name} must be a function, not ${describeValue(value)}`);
}

/** A short description of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
