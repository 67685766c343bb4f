import { describe, expect, it } from 'vitest';
import {
  CLIENT_OPTION_NAMES,
  checkOptionNames,
  Limits,
  type LimitsInit,
  REQUEST_INIT_NAMES,
  REQUEST_OPTION_NAMES,
} from '../src/options.ts';

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
    [{ maxConnections: 0 }, 'maxConnections'],
    [{ maxConnections: -1 }, 'maxConnections'],
    [{ maxConnections: Number.NaN }, 'maxConnections'],
    [{ maxConnections: Number.POSITIVE_INFINITY }, 'maxConnections'],
    [{ maxConnections: '5' as unknown as number }, 'maxConnections'],
    [{ maxKeepaliveConnections: -1 }, 'maxKeepaliveConnections'],
    [{ keepaliveExpiry: -5 }, 'keepaliveExpiry'],
  ])('rejects %j with a TypeError naming %s', (init, field) => {
    expect(() => new Limits(init)).toThrow(TypeError);
    expect(() => new Limits(init)).toThrow(`Limits.${field}`);
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

  it('throws a TypeError naming the kind and the first unknown option', () => {
    expect(() => checkOptionNames('request', { json: 1, retry: 2, other: 3 }, REQUEST_OPTION_NAMES)).toThrow(
      new TypeError('Unknown request option "retry": it is not supported (yet)'),
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
