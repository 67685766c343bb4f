import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter } from '../../src/middleware/retry-after.ts';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseRetryAfter', () => {
  it('reads seconds as ms', () => {
    expect(parseRetryAfter('0', 0)).toBe(0);
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(' 3 ', 999)).toBe(3000);
  });

  it('reads an HTTP date as the ms from now until it', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOV_6_1994 - 2500)).toBe(2500);
  });

  it('reads a date already past as 0', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOV_6_1994 + 60_000)).toBe(0);
  });

  it('reads a huge number of seconds as it is, for the caller to cap', () => {
    expect(parseRetryAfter('99999999999', 0)).toBe(99_999_999_999_000);
  });

  it.each([
    null,
    undefined,
    '',
    '-5',
    '1.5',
    '5s',
    'soon',
    '2024-01-01T00:00:00Z',
    'Sun, 06 Nov 1994 08:49:37 PST',
  ])('cannot read %j', (value) => {
    expect(parseRetryAfter(value, 0)).toBeUndefined();
  });
});

describe('parseHttpDate', () => {
  it('reads the IMF-fixdate form', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', 0)).toBe(NOV_6_1994);
  });

  it('reads the RFC 850 form, its two-digit year in the century of now', () => {
    const in2020 = Date.UTC(2020, 0, 1);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', in2020)).toBe(NOV_6_1994);
    expect(parseHttpDate('Monday, 01-Jan-24 00:00:00 GMT', in2020)).toBe(Date.UTC(2024, 0, 1));
  });

  it('reads an RFC 850 year more than 50 years ahead as the century before', () => {
    const in2020 = Date.UTC(2020, 0, 1);
    expect(parseHttpDate('Sunday, 01-Jan-71 00:00:00 GMT', in2020)).toBe(Date.UTC(1971, 0, 1));
    expect(parseHttpDate('Sunday, 01-Jan-70 00:00:00 GMT', in2020)).toBe(Date.UTC(2070, 0, 1));
  });

  it('reads the asctime form as GMT, with a space-padded day', () => {
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', 0)).toBe(NOV_6_1994);
    expect(parseHttpDate('Thu Nov 16 08:49:37 1994', 0)).toBe(Date.UTC(1994, 10, 16, 8, 49, 37));
  });

  it('does not mind the case of names', () => {
    expect(parseHttpDate('sun, 06 NOV 1994 08:49:37 gmt', 0)).toBe(NOV_6_1994);
  });

  it('reads a leap second as the next minute', () => {
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT', 0)).toBe(Date.UTC(2017, 0, 1));
  });

  it.each([
    'Mon, 31 Feb 2025 00:00:00 GMT',
    'Mon, 01 Jan 2025 24:00:00 GMT',
    'Mon, 01 Jan 2025 00:60:00 GMT',
    'Mon, 01 Foo 2025 00:00:00 GMT',
    'Mon, 1 Jan 2025 00:00:00 GMT',
    'Mon 01 Jan 2025 00:00:00 GMT',
  ])('rejects %j', (text) => {
    expect(parseHttpDate(text, 0)).toBeUndefined();
  });
});
