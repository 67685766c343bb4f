import { describe } from './describe.ts';
import { checkOptionNames } from './option-names.ts';
import { own } from './own.ts';
import type { RetryOption, RetryOptions } from './retry.ts';
import { LONGEST_DELAY } from './timeout.ts';

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
export { LONGEST_DELAY };

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
  if (typeof option === 'number') return policyOf({ limit: checkLimit('retry', option) });
  if (typeof option !== 'object' || Array.isArray(option))
    throw new TypeError(
      `retry must be a number of retries, { limit, methods, statusCodes, backoff, maxDelay, respectRetryAfter } or null, not ${describe(option)}`,
    );
  checkOptionNames('retry', option, OPTION_NAMES);
  return policyOf(option);
}

function policyOf(options: RetryOptions): RetryPolicy {
  const limit = own(options, 'limit');
  return {
    limit: limit === undefined ? DEFAULT_RETRY_LIMIT : checkLimit('retry.limit', limit),
    methods: new Set(checkMethods(own(options, 'methods') ?? DEFAULT_RETRY_METHODS)),
    statusCodes: new Set(checkStatusCodes(own(options, 'statusCodes') ?? DEFAULT_RETRY_STATUS_CODES)),
    backoff: optionalFunction('backoff', own(options, 'backoff')),
    maxDelay: checkMaxDelay(own(options, 'maxDelay') ?? DEFAULT_MAX_DELAY),
    respectRetryAfter: checkBoolean('respectRetryAfter', own(options, 'respectRetryAfter') ?? true),
    random: optionalFunction('random', own(options, 'random')) ?? Math.random,
  };
}

function checkLimit(path: string, limit: unknown): number {
  if (typeof limit === 'number' && limit >= 0 && (Number.isInteger(limit) || limit === Infinity))
    return limit;
  throw new TypeError(`${path} must be a whole number of retries >= 0 or Infinity, not ${describe(limit)}`);
}

function checkMethods(methods: unknown): string[] {
  if (!Array.isArray(methods))
    throw new TypeError(`retry.methods must be an array of methods, not ${describe(methods)}`);
  return methods.map((method: unknown, i) => {
    if (typeof method === 'string' && METHOD.test(method)) return method.toUpperCase();
    throw new TypeError(`retry.methods[${i}] must be an HTTP method such as 'GET', not ${describe(method)}`);
  });
}

function checkStatusCodes(codes: unknown): number[] {
  if (!Array.isArray(codes))
    throw new TypeError(`retry.statusCodes must be an array of statuses, not ${describe(codes)}`);
  return codes.map((code: unknown, i) => {
    if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 599) return code;
    throw new TypeError(`retry.statusCodes[${i}] must be a status from 100 to 599, not ${describe(code)}`);
  });
}

function checkMaxDelay(maxDelay: unknown): number {
  if (typeof maxDelay === 'number' && maxDelay >= 0 && maxDelay <= LONGEST_DELAY) return maxDelay;
  throw new TypeError(
    `retry.maxDelay must be a number of ms from 0 to ${LONGEST_DELAY}, not ${describe(maxDelay)}`,
  );
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new TypeError(`retry.${name} must be true or false, not ${describe(value)}`);
}

function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value === undefined || typeof value === 'function') return value;
  throw new TypeError(`retry.${name} must be a function, not ${describe(value)}`);
}
