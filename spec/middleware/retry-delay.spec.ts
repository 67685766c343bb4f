import { describe, expect, it } from 'vitest';
import type { RetryOptions } from '../../src/config/retry.ts';
import { resolveRetryPolicy } from '../../src/config/retry-policy.ts';
import { exponentialBackoff, retryDelay } from '../../src/middleware/retry-delay.ts';
import { Response } from '../../src/models/response.ts';

const policy = (options: RetryOptions) => resolveRetryPolicy(options);
const withRetryAfter = (value: string, status = 503) =>
  new Response(status, { headers: { 'Retry-After': value } });

describe('exponentialBackoff', () => {
  it('starts at 500 ms and doubles', () => {
    expect([1, 2, 3, 4].map(exponentialBackoff)).toEqual([500, 1000, 2000, 4000]);
  });
});

describe('retryDelay', () => {
  describe('the default backoff', () => {
    it('waits all of the backoff when random gives 1, half of it when 0', () => {
      const top = policy({ random: () => 1 });
      const bottom = policy({ random: () => 0 });
      expect([1, 2, 3].map((retry) => retryDelay(top, retry, undefined, 0))).toEqual([500, 1000, 2000]);
      expect([1, 2, 3].map((retry) => retryDelay(bottom, retry, undefined, 0))).toEqual([250, 500, 1000]);
    });

    it('puts the delay between half and all of the backoff, in whole ms', () => {
      expect(retryDelay(policy({ random: () => 0.5 }), 2, undefined, 0)).toBe(750);
      expect(retryDelay(policy({ random: () => 0.3333 }), 1, undefined, 0)).toBe(333);
    });

    it('caps the backoff by maxDelay before the jitter, so capped delays still spread', () => {
      expect(retryDelay(policy({ random: () => 1, maxDelay: 1500 }), 3, undefined, 0)).toBe(1500);
      expect(retryDelay(policy({ random: () => 0, maxDelay: 1500 }), 3, undefined, 0)).toBe(750);
      expect(retryDelay(policy({ random: () => 1 }), 20, undefined, 0)).toBe(30_000);
    });

    it('clamps a random outside [0, 1]', () => {
      expect(retryDelay(policy({ random: () => 7 }), 1, undefined, 0)).toBe(500);
      expect(retryDelay(policy({ random: () => -7 }), 1, undefined, 0)).toBe(250);
    });

    it('throws a TypeError for a random that gives no number', () => {
      expect(() => retryDelay(policy({ random: () => Number.NaN }), 1, undefined, 0)).toThrow(
        /retry.random\(\) must return a number from 0 to 1, not NaN/,
      );
    });
  });

  describe("a user's backoff", () => {
    it('is called with the retry number and used as returned, without jitter', () => {
      const seen: number[] = [];
      const linear = policy({
        backoff: (retry) => {
          seen.push(retry);
          return retry * 100;
        },
        random: () => 0,
      });
      expect([1, 2, 3].map((retry) => retryDelay(linear, retry, undefined, 0))).toEqual([100, 200, 300]);
      expect(seen).toEqual([1, 2, 3]);
    });

    it('is capped by maxDelay, Infinity included', () => {
      expect(retryDelay(policy({ backoff: () => 10_000, maxDelay: 40 }), 1, undefined, 0)).toBe(40);
      expect(retryDelay(policy({ backoff: () => Infinity, maxDelay: 40 }), 1, undefined, 0)).toBe(40);
    });

    it('throws a TypeError when it returns a negative or non-number', () => {
      expect(() => retryDelay(policy({ backoff: () => -1 }), 2, undefined, 0)).toThrow(
        /retry.backoff\(2\) must return a number of ms >= 0, not -1/,
      );
      expect(() => retryDelay(policy({ backoff: () => Number.NaN }), 1, undefined, 0)).toThrow(TypeError);
    });
  });

  describe('Retry-After', () => {
    it('replaces the backoff with the seconds it asks for, without jitter', () => {
      expect(retryDelay(policy({ random: () => 0 }), 1, withRetryAfter('3'), 0)).toBe(3000);
      expect(retryDelay(policy({ backoff: () => 5 }), 1, withRetryAfter('0'), 0)).toBe(0);
    });

    it('replaces it with the time until the date it names, from now', () => {
      expect(retryDelay(policy({}), 1, withRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT'), 1200)).toBe(3800);
    });

    it('is capped by maxDelay', () => {
      expect(retryDelay(policy({ maxDelay: 2000 }), 1, withRetryAfter('3600'), 0)).toBe(2000);
      expect(
        retryDelay(policy({ maxDelay: 2000 }), 1, withRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT'), 0),
      ).toBe(2000);
    });

    it('is read on any retried status', () => {
      expect(retryDelay(policy({}), 1, withRetryAfter('2', 500), 0)).toBe(2000);
    });

    it('is ignored when respectRetryAfter is off, or when it cannot be read', () => {
      expect(
        retryDelay(policy({ respectRetryAfter: false, random: () => 1 }), 1, withRetryAfter('3'), 0),
      ).toBe(500);
      expect(retryDelay(policy({ random: () => 1 }), 1, withRetryAfter('later'), 0)).toBe(500);
    });

    it('leaves the backoff to a response without it', () => {
      expect(retryDelay(policy({ random: () => 1 }), 2, new Response(503), 0)).toBe(1000);
    });
  });
});
