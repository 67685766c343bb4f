import { describe, expect, it } from 'vitest';
import { Timeout, type TimeoutInit } from '../../src/config/timeout.ts';

const phases = (t: Timeout) => ({
  connect: t.connect,
  read: t.read,
  write: t.write,
  pool: t.pool,
  total: t.total,
});

describe('Timeout', () => {
  it('defaults to 5000 ms for every phase and no total', () => {
    expect(phases(new Timeout())).toEqual({
      connect: 5000,
      read: 5000,
      write: 5000,
      pool: 5000,
      total: null,
    });
  });

  it('sets every phase, but not the total, from one number', () => {
    expect(phases(new Timeout(1500))).toEqual({
      connect: 1500,
      read: 1500,
      write: 1500,
      pool: 1500,
      total: null,
    });
  });

  it('disables every phase with null', () => {
    const none = new Timeout(null);
    expect(phases(none)).toEqual({ connect: null, read: null, write: null, pool: null, total: null });
    expect(none.disabled).toBe(true);
  });

  it('keeps 5000 ms for the phases an init leaves out', () => {
    expect(phases(new Timeout({ connect: 100, read: null, total: 9000 }))).toEqual({
      connect: 100,
      read: null,
      write: 5000,
      pool: 5000,
      total: 9000,
    });
  });

  it('accepts 0 as a limit, distinct from null', () => {
    const zero = new Timeout({ read: 0 });
    expect(zero.read).toBe(0);
    expect(zero.disabled).toBe(false);
  });

  it('is not disabled while only the total is set', () => {
    expect(new Timeout({ connect: null, read: null, write: null, pool: null, total: 10 }).disabled).toBe(
      false,
    );
  });

  it.each([
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [2 ** 31, '2147483648'],
    ['5000', "'5000'"],
  ])('rejects %s for every phase, naming the option and the value', (value, shown) => {
    expect(() => new Timeout(value as number)).toThrow(
      new TypeError(
        'timeout must be a number of ms from 0 to 2147483647, null (no limit), a Timeout or ' +
          `{ connect, read, write, pool, total }, not ${shown}`,
      ),
    );
  });

  it.each(['connect', 'read', 'write', 'pool', 'total'] as const)(
    'rejects a negative %s, naming it and the value',
    (name) => {
      expect(() => new Timeout({ [name]: -5 })).toThrow(
        new TypeError(
          `timeout.${name} must be a number of ms from 0 to 2147483647, or null for no limit, not -5`,
        ),
      );
    },
  );

  it('rejects a phase given as a string, showing it quoted', () => {
    expect(() => new Timeout({ read: '100' } as unknown as TimeoutInit)).toThrow(
      /^timeout\.read must be .*, not '100'$/,
    );
  });

  it('rejects an unknown phase name, suggesting the one meant', () => {
    expect(() => new Timeout({ conect: 100 } as TimeoutInit)).toThrow(
      new TypeError('Unknown timeout option "conect" (got 100): did you mean "connect"?'),
    );
    expect(() => new Timeout({ socket: 100 } as TimeoutInit)).toThrow(/did you mean "read"\?/);
    expect(() => new Timeout({ request: 100 } as TimeoutInit)).toThrow(/did you mean "total"\?/);
  });

  it('reads its own phases only', () => {
    const init = Object.create({ read: 0 }) as TimeoutInit;
    expect(new Timeout(init).read).toBe(5000);
  });

  describe('Timeout.from', () => {
    it('returns a Timeout as it is', () => {
      const given = new Timeout(10);
      expect(Timeout.from(given)).toBe(given);
    });

    it('gives the defaults for undefined', () => {
      expect(phases(Timeout.from(undefined))).toEqual(phases(new Timeout()));
    });

    it('disables everything for null', () => {
      expect(Timeout.from(null).disabled).toBe(true);
    });

    it('builds from a number or an init', () => {
      expect(Timeout.from(250).write).toBe(250);
      expect(Timeout.from({ pool: 70 }).pool).toBe(70);
      expect(Timeout.from({ pool: 70 }).read).toBe(5000);
    });
  });

  it('prints every phase', () => {
    expect(String(new Timeout({ connect: 1, read: 2, write: 3, pool: null, total: 4 }))).toBe(
      'Timeout(connect=1, read=2, write=3, pool=null, total=4)',
    );
  });
});
