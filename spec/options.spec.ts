import { describe, expect, it } from 'vitest';
import { checkOptionNames } from '../src/config/option-names.ts';
import { REQUEST_INIT_NAMES } from '../src/models/request.ts';
import { CLIENT_OPTION_NAMES, Limits, type LimitsInit, REQUEST_OPTION_NAMES } from '../src/options.ts';

describe('Limits', () => {
  it('defaults to 100 connections, 20 kept alive, for 5000 ms', () => {
    const limits = new Limits();
    expect(limits.maxConnections).toBe(100);
    expect(limits.maxKeepaliveConnections).toBe(20);
    expect(limits.keepaliveExpiry).toBe(5000);
  });

  it('keeps the defaults for the fields not given', () => {
    const limits = new Limits({ maxConnections: 10 });
    expect([limits.maxConnections, limits.maxKeepaliveConnections, limits.keepaliveExpiry]).toEqual([
      10, 20, 5000,
    ]);
  });

  it('takes null as no limit', () => {
    const limits = new Limits({ maxConnections: null, maxKeepaliveConnections: null });
    expect(limits.maxConnections).toBeNull();
    expect(limits.maxKeepaliveConnections).toBeNull();
  });

  it('accepts zero idle connections and a zero expiry', () => {
    const limits = new Limits({ maxKeepaliveConnections: 0, keepaliveExpiry: 0 });
    expect(limits.maxKeepaliveConnections).toBe(0);
    expect(limits.keepaliveExpiry).toBe(0);
  });

  it.each<[LimitsInit, string]>([
    [{ maxConnections: 0 }, 'limits.maxConnections must be a whole number >= 1, or null for no limit, not 0'],
    [
      { maxConnections: -1 },
      'limits.maxConnections must be a whole number >= 1, or null for no limit, not -1',
    ],
    [
      { maxConnections: 2.5 },
      'limits.maxConnections must be a whole number >= 1, or null for no limit, not 2.5',
    ],
    [
      { maxConnections: Number.NaN },
      'limits.maxConnections must be a whole number >= 1, or null for no limit, not NaN',
    ],
    [
      { maxConnections: Number.POSITIVE_INFINITY },
      'limits.maxConnections must be a whole number >= 1, or null for no limit, not Infinity',
    ],
    [
      { maxConnections: '5' as unknown as number },
      "limits.maxConnections must be a whole number >= 1, or null for no limit, not '5'",
    ],
    [
      { maxKeepaliveConnections: -1 },
      'limits.maxKeepaliveConnections must be a whole number >= 0, or null for no limit, not -1',
    ],
    [{ keepaliveExpiry: -5 }, 'limits.keepaliveExpiry must be a number of ms >= 0, not -5'],
  ])('rejects %j with a TypeError naming the option and the value', (init, message) => {
    expect(() => new Limits(init)).toThrow(new TypeError(message));
  });

  it('rejects an unknown limit, suggesting the one meant', () => {
    expect(() => new Limits({ maxConnection: 5 } as LimitsInit)).toThrow(
      new TypeError('Unknown limits option "maxConnection" (got 5): did you mean "maxConnections"?'),
    );
    expect(() => new Limits({ maxSockets: 5 } as LimitsInit)).toThrow(/did you mean "maxConnections"\?/);
  });

  it('reads its own fields only', () => {
    const init = Object.create({ maxConnections: 0 }) as LimitsInit;
    expect(new Limits(init).maxConnections).toBe(100);
  });

  it('prints its fields', () => {
    expect(String(new Limits({ maxConnections: null }))).toBe(
      'Limits(maxConnections=null, maxKeepaliveConnections=20, keepaliveExpiry=5000)',
    );
  });
});

describe('checkOptionNames', () => {
  it('accepts options whose names are all allowed', () => {
    expect(() =>
      checkOptionNames('client', { baseUrl: 'https://x/', headers: {} }, CLIENT_OPTION_NAMES),
    ).not.toThrow();
    expect(() => checkOptionNames('request', {}, REQUEST_OPTION_NAMES)).not.toThrow();
  });

  it('throws a TypeError naming the kind, the first unknown option and its value', () => {
    expect(() => checkOptionNames('request', { json: 1, retry: 2, other: 3 }, REQUEST_OPTION_NAMES)).toThrow(
      new TypeError(
        'Unknown request option "retry" (got 2): the request options are params, headers, cookies, content, ' +
          'data, files, json, extensions, auth, followRedirects, timeout, maxResponseSize',
      ),
    );
  });

  it('rejects an unknown name even when its value is undefined', () => {
    expect(() => checkOptionNames('client', { proxy: undefined }, CLIENT_OPTION_NAMES)).toThrow(/"proxy"/);
  });

  it('tells client options from request options', () => {
    expect(CLIENT_OPTION_NAMES.has('baseUrl')).toBe(true);
    expect(REQUEST_OPTION_NAMES.has('baseUrl')).toBe(false);
    expect(REQUEST_OPTION_NAMES.has('json')).toBe(true);
    expect(CLIENT_OPTION_NAMES.has('json')).toBe(false);
  });

  it('lets a request carry auth, followRedirects and timeout, which a bare Request does not take', () => {
    for (const name of ['auth', 'followRedirects', 'timeout']) {
      expect(REQUEST_OPTION_NAMES.has(name)).toBe(true);
      expect(REQUEST_INIT_NAMES.has(name)).toBe(false);
    }
  });
});
