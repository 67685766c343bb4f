import { describe, expect, it } from 'vitest';
import type { RetryOptions } from '../../src/config/retry.ts';
import { resolveRetryPolicy } from '../../src/config/retry-policy.ts';

describe('resolveRetryPolicy', () => {
  describe('defaults', () => {
    it('turns a number into a limit with every other default', () => {
      const policy = resolveRetryPolicy(3);
      expect(policy.limit).toBe(3);
      expect([...policy.methods]).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
      expect([...policy.statusCodes]).toEqual([408, 429, 500, 502, 503, 504]);
      expect(policy.backoff).toBeUndefined();
      expect(policy.maxDelay).toBe(30_000);
      expect(policy.respectRetryAfter).toBe(true);
      expect(policy.random).toBe(Math.random);
    });

    it('gives an options object a limit of 2 when it names none', () => {
      expect(resolveRetryPolicy({}).limit).toBe(2);
      expect(resolveRetryPolicy({ maxDelay: 10 }).limit).toBe(2);
    });

    it('reads null and undefined as no retries', () => {
      expect(resolveRetryPolicy(null).limit).toBe(0);
      expect(resolveRetryPolicy(undefined).limit).toBe(0);
    });

    it('accepts a limit of 0 and of Infinity', () => {
      expect(resolveRetryPolicy(0).limit).toBe(0);
      expect(resolveRetryPolicy({ limit: Infinity }).limit).toBe(Infinity);
    });
  });

  describe('given settings', () => {
    it('upper-cases methods and keeps statuses as given', () => {
      const policy = resolveRetryPolicy({ methods: ['post', 'Get'], statusCodes: [503] });
      expect([...policy.methods]).toEqual(['POST', 'GET']);
      expect([...policy.statusCodes]).toEqual([503]);
    });

    it('keeps the functions and switches it is given', () => {
      const backoff = (retry: number) => retry * 10;
      const random = () => 0.5;
      const policy = resolveRetryPolicy({ backoff, random, respectRetryAfter: false, maxDelay: 0 });
      expect(policy.backoff).toBe(backoff);
      expect(policy.random).toBe(random);
      expect(policy.respectRetryAfter).toBe(false);
      expect(policy.maxDelay).toBe(0);
    });

    it('accepts empty lists: nothing is retried for them', () => {
      const policy = resolveRetryPolicy({ methods: [], statusCodes: [] });
      expect(policy.methods.size).toBe(0);
      expect(policy.statusCodes.size).toBe(0);
    });
  });

  it('reads its own settings only', () => {
    const option = Object.create({ limit: -1, methods: 'polluted' }) as RetryOptions;
    const policy = resolveRetryPolicy(option);
    expect(policy.limit).toBe(2);
    expect([...policy.methods]).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
  });

  describe('invalid input throws a TypeError naming the setting', () => {
    const bad = (option: unknown) => () => resolveRetryPolicy(option as RetryOptions);

    it.each([-1, 1.5, Number.NaN, -Infinity])('retry: %s', (limit) => {
      expect(bad(limit)).toThrow(
        new TypeError(`retry must be a whole number of retries >= 0 or Infinity, not ${limit}`),
      );
    });

    it('a limit that is not a number', () => {
      expect(bad({ limit: '3' })).toThrow(
        new TypeError("retry.limit must be a whole number of retries >= 0 or Infinity, not '3'"),
      );
    });

    it('a retry option that is neither number, object nor null', () => {
      expect(bad(true)).toThrow(
        new TypeError(
          'retry must be a number of retries, { limit, methods, statusCodes, backoff, maxDelay, respectRetryAfter } or null, not true',
        ),
      );
      expect(bad('2')).toThrow(/, not '2'$/);
      expect(bad([2])).toThrow(/not an array of 1$/);
    });

    it('an unknown option name', () => {
      expect(bad({ retries: 3 })).toThrow(
        new TypeError('Unknown retry option "retries" (got 3): did you mean "limit"?'),
      );
      expect(bad({ statusCode: [503] })).toThrow(/did you mean "statusCodes"\?/);
      expect(bad({ mehtods: ['GET'] })).toThrow(/did you mean "methods"\?/);
    });

    it('methods that are not a list of method names', () => {
      expect(bad({ methods: 'GET' })).toThrow(/retry.methods must be an array of methods, not 'GET'/);
      expect(bad({ methods: ['GET', 'NOT A METHOD'] })).toThrow(
        new TypeError("retry.methods[1] must be an HTTP method such as 'GET', not 'NOT A METHOD'"),
      );
      expect(bad({ methods: [7] })).toThrow(TypeError);
    });

    it('statuses that are not whole numbers from 100 to 599', () => {
      expect(bad({ statusCodes: 503 })).toThrow(/retry.statusCodes must be an array of statuses, not 503/);
      expect(bad({ statusCodes: [99] })).toThrow(
        new TypeError('retry.statusCodes[0] must be a status from 100 to 599, not 99'),
      );
      expect(bad({ statusCodes: [600] })).toThrow(TypeError);
      expect(bad({ statusCodes: [503.5] })).toThrow(TypeError);
      expect(bad({ statusCodes: ['503'] })).toThrow(TypeError);
    });

    it('a maxDelay below 0, beyond what a timer can wait, or not a number', () => {
      expect(bad({ maxDelay: -1 })).toThrow(
        /retry.maxDelay must be a number of ms from 0 to 2147483647, not -1/,
      );
      expect(bad({ maxDelay: 2 ** 31 })).toThrow(TypeError);
      expect(bad({ maxDelay: Infinity })).toThrow(TypeError);
      expect(bad({ maxDelay: Number.NaN })).toThrow(TypeError);
    });

    it('a backoff or random that is not a function', () => {
      expect(bad({ backoff: 500 })).toThrow(/retry.backoff must be a function, not 500/);
      expect(bad({ random: 0.5 })).toThrow(/retry.random must be a function, not 0.5/);
    });

    it('a respectRetryAfter that is not a boolean', () => {
      expect(bad({ respectRetryAfter: 'yes' })).toThrow(
        /retry.respectRetryAfter must be true or false, not 'yes'/,
      );
    });
  });
});
