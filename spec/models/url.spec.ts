import { describe, expect, it } from 'vitest';
import { InvalidUrl } from '../../src/errors.ts';
import { QueryParams } from '../../src/models/params.ts';
import {
  appendParams,
  JoinBase,
  joinedInput,
  joinUrl,
  normalizeBaseUrl,
  parseUrl,
} from '../../src/models/url.ts';

describe('parseUrl', () => {
  it('parses an absolute URL', () => {
    const url = parseUrl('https://example.com:8443/a/b?c=d#e');
    expect(url.host).toBe('example.com:8443');
    expect(url.pathname).toBe('/a/b');
    expect(url.search).toBe('?c=d');
    expect(url.hash).toBe('#e');
  });

  it('returns a copy of a URL it is given, not the same object', () => {
    const original = new URL('https://example.com/x');
    const parsed = parseUrl(original);
    parsed.pathname = '/changed';
    expect(original.pathname).toBe('/x');
    expect(parsed.href).toBe('https://example.com/changed');
  });

  it('rejects a relative URL, suggesting baseUrl', () => {
    expect(() => parseUrl('/users')).toThrow(InvalidUrl);
    expect(() => parseUrl('example.com/users')).toThrow(/baseUrl/);
  });

  it.each(['http://', 'https://exa mple.com/', 'http://[::1/', 'not a url at all'])('rejects %j', (input) => {
    expect(() => parseUrl(input)).toThrow(InvalidUrl);
  });

  it('keeps the parser error as the cause', () => {
    try {
      parseUrl('http://');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidUrl);
      expect((error as InvalidUrl).cause).toBeInstanceOf(TypeError);
    }
  });

  it.each([[42], [null], [undefined], [{ href: 'https://example.com' }]])(
    'rejects the non-string %j',
    (input) => {
      expect(() => parseUrl(input as unknown as string)).toThrow(InvalidUrl);
    },
  );
});

describe('joinUrl', () => {
  const base = normalizeBaseUrl('https://h/v1');

  it('adds a trailing slash to the base path so it acts as a prefix', () => {
    expect(base.href).toBe('https://h/v1/');
    expect(normalizeBaseUrl('https://h/v1/').href).toBe('https://h/v1/');
  });

  it('puts a path with a leading slash under the base path', () => {
    expect(joinUrl(base, '/users').href).toBe('https://h/v1/users');
  });

  it('puts a path without a leading slash under the base path', () => {
    expect(joinUrl(base, 'users/7').href).toBe('https://h/v1/users/7');
  });

  it('resolves ../ against the base path', () => {
    expect(joinUrl(base, '../x').href).toBe('https://h/x');
  });

  it('applies a query-only URL to the base', () => {
    expect(joinUrl(base, '?a=1').href).toBe('https://h/v1/?a=1');
  });

  it('replaces the base with an absolute URL', () => {
    expect(joinUrl(base, 'http://other:8080/y?z=1').href).toBe('http://other:8080/y?z=1');
    expect(joinUrl(base, new URL('https://elsewhere/p')).href).toBe('https://elsewhere/p');
  });

  it('gives a scheme-relative URL the base scheme', () => {
    expect(joinUrl(base, '//other/x').href).toBe('https://other/x');
    expect(joinUrl(normalizeBaseUrl('http://h'), '//other/x').href).toBe('http://other/x');
  });

  it('needs an absolute URL when there is no base', () => {
    expect(joinUrl(undefined, 'https://h/a').href).toBe('https://h/a');
    expect(() => joinUrl(undefined, '/a')).toThrow(InvalidUrl);
    expect(() => joinUrl(undefined, '//other/x')).toThrow(InvalidUrl);
  });

  it('raises InvalidUrl, not a TypeError, for a non-string with a base', () => {
    expect(() => joinUrl(base, 42 as unknown as string)).toThrow(InvalidUrl);
  });

  it('raises InvalidUrl for a path that cannot be joined', () => {
    expect(() => joinUrl(base, '//exa mple/x')).toThrow(InvalidUrl);
  });
});

describe('appendParams', () => {
  it('keeps the URL own query and appends params after it', () => {
    const url = appendParams(new URL('https://h/search?q=first&page=1'), { page: 2, lang: 'en' });
    expect(url.search).toBe('?q=first&page=1&page=2&lang=en');
  });

  it('starts a query when the URL has none', () => {
    expect(appendParams(new URL('https://h/x'), { a: '1' }).href).toBe('https://h/x?a=1');
  });

  it('puts the params before the fragment', () => {
    expect(appendParams(new URL('https://h/x?a=1#top'), { b: '2' }).href).toBe('https://h/x?a=1&b=2#top');
  });

  it('leaves the URL alone for no params or empty params', () => {
    expect(appendParams(new URL('https://h/x?a=1'), undefined).href).toBe('https://h/x?a=1');
    expect(appendParams(new URL('https://h/x?a=1'), null).href).toBe('https://h/x?a=1');
    expect(appendParams(new URL('https://h/x'), {}).href).toBe('https://h/x');
  });

  it('encodes params the same way QueryParams does', () => {
    const url = appendParams(
      new URL('https://h/x'),
      new QueryParams({ q: 'a b', n: null, on: true, é: 'ü' }),
    );
    expect(url.search).toBe('?q=a%20b&n=&on=true&%C3%A9=%C3%BC');
    expect(url.searchParams.get('q')).toBe('a b');
  });

  it('sends an array as a repeated name', () => {
    const url = appendParams(new URL('https://h/x'), { id: [1, 2, 3] });
    expect(url.searchParams.getAll('id')).toEqual(['1', '2', '3']);
  });
});

describe('parseUrl and joinUrl together', () => {
  it("copies a URL the caller gave, so later changes to the caller's URL change nothing", () => {
    const given = new URL('https://a.example/x');
    const parsed = parseUrl(given);
    given.pathname = '/changed';
    expect(parsed.pathname).toBe('/x');
  });

  it('joinedInput gives a plain join as a string, parsed once by whoever takes it', () => {
    const base = new JoinBase(new URL('https://a.example/v1/'));
    expect(joinedInput(base, '/users?page=2')).toBe('https://a.example/v1/users?page=2');
    expect(joinedInput(base, 'https://b.example/x')).toBe('https://b.example/x');
    const given = new URL('https://c.example/y');
    expect(joinedInput(base, given)).toBe(given);
  });

  it('joinedInput resolves what concatenation cannot give as a URL: dot segments after a query base, backslashes', () => {
    const withQuery = new JoinBase(new URL('https://a.example/v1/?k=1'));
    expect(String(joinedInput(withQuery, 'users'))).toBe('https://a.example/v1/users');
    expect(String(joinedInput(new JoinBase(new URL('https://a.example/v1/')), 'a\\b'))).toBe(
      'https://a.example/v1/a/b',
    );
    expect(joinedInput(withQuery, 'users')).toBeInstanceOf(URL);
  });
});
