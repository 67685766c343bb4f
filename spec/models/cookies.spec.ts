import { describe, expect, it } from 'vitest';
import { CookieConflict } from '../../src/errors.ts';
import { Cookies } from '../../src/models/cookies.ts';

describe('Cookies', () => {
  it('builds from a record or from pairs', () => {
    expect([...new Cookies({ a: '1', b: '2' })]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(new Cookies([['c', '3']]).get('c')).toBe('3');
  });

  it('returns undefined for a name it does not have', () => {
    expect(new Cookies({ a: '1' }).get('b')).toBeUndefined();
  });

  it('replaces a cookie of the same name, domain and path', () => {
    const cookies = new Cookies().set('a', '1').set('a', '2');
    expect(cookies.size).toBe(1);
    expect(cookies.get('a')).toBe('2');
  });

  it('raises CookieConflict when a name matches several cookies, and resolves it by scope', () => {
    const cookies = new Cookies().set('id', 'root', { path: '/' }).set('id', 'api', { path: '/api' });
    expect(() => cookies.get('id')).toThrow(CookieConflict);
    expect(() => cookies.get('id')).toThrow(/"id"/);
    expect(cookies.get('id', { path: '/api' })).toBe('api');
    expect(cookies.get('id', { path: '/' })).toBe('root');
  });

  it('tells cookies apart by domain', () => {
    const cookies = new Cookies().set('s', 'a', { domain: 'a.com' }).set('s', 'b', { domain: 'b.com' });
    expect(cookies.get('s', { domain: 'b.com' })).toBe('b');
    expect(() => cookies.get('s')).toThrow(CookieConflict);
  });

  it('deletes every cookie of a name, or only those in a scope', () => {
    const cookies = new Cookies()
      .set('id', 'root', { path: '/' })
      .set('id', 'api', { path: '/api' })
      .set('other', 'x');
    cookies.delete('id', { path: '/api' });
    expect(cookies.get('id')).toBe('root');
    cookies.delete('id');
    expect(cookies.get('id')).toBeUndefined();
    expect(cookies.get('other')).toBe('x');
  });

  it('empties with clear', () => {
    const cookies = new Cookies({ a: '1', b: '2' }).clear();
    expect(cookies.size).toBe(0);
    expect([...cookies]).toEqual([]);
  });

  it('prints each cookie with its domain and path', () => {
    const cookies = new Cookies().set('a', '1').set('b', '2', { domain: 'example.com', path: '/x' });
    expect(String(cookies)).toBe('<Cookies[<Cookie a=1 for */>, <Cookie b=2 for example.com/x>]>');
  });

  describe('fromSetCookie', () => {
    it('reads name and value and ignores the other attributes', () => {
      const cookies = Cookies.fromSetCookie([
        'sid=abc123; HttpOnly; Secure; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
      ]);
      expect([...cookies]).toEqual([['sid', 'abc123']]);
    });

    it('keeps an = inside the value', () => {
      expect(Cookies.fromSetCookie(['token=a=b==; Path=/']).get('token')).toBe('a=b==');
    });

    it('reads Domain (without a leading dot) and Path', () => {
      const cookies = Cookies.fromSetCookie(['a=1; Domain=.Example.com; Path=/app', 'a=2; path=/']);
      expect(cookies.get('a', { domain: 'example.com', path: '/app' })).toBe('1');
      expect(cookies.get('a', { path: '/' })).toBe('2');
    });

    it('given the URL, scopes a cookie without Domain or Path to its host and directory', () => {
      const cookies = Cookies.fromSetCookie(
        ['a=1', 'b=2; Path=/', 'c=3; Domain=example.com; Path=relative'],
        new URL('https://WWW.Example.com/app/login?x=1'),
      );
      expect(cookies.get('a', { domain: 'www.example.com', path: '/app' })).toBe('1');
      expect(cookies.get('b', { domain: 'www.example.com', path: '/' })).toBe('2');
      expect(cookies.get('c', { domain: 'example.com', path: '/app' })).toBe('3');
      expect(
        Cookies.fromSetCookie(['v6=1'], new URL('http://[::1]/')).get('v6', { domain: '::1', path: '/' }),
      ).toBe('1');
    });

    it('skips lines without a name', () => {
      const cookies = Cookies.fromSetCookie(['=nameless', 'novalue', 'ok=1']);
      expect([...cookies]).toEqual([['ok', '1']]);
    });
  });
});
