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

    it('leaves out a cookie already expired: Max-Age=0, Max-Age=-1, a past Expires, or deleted by a later line', () => {
      const cookies = Cookies.fromSetCookie([
        'zero=1; Max-Age=0',
        'negative=1; Max-Age=-1',
        'past=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
        'gone=1',
        'gone=; Max-Age=0',
        'live=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
      ]);
      expect([...cookies]).toEqual([['live', '1']]);
    });

    it('lets Max-Age win over Expires', () => {
      const cookies = Cookies.fromSetCookie([
        'a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60',
        'b=1; Max-Age=0; Expires=Wed, 21 Oct 2037 07:28:00 GMT',
      ]);
      expect([...cookies]).toEqual([['a', '1']]);
    });

    it('given the URL, leaves out a cookie whose Domain the URL is not in', () => {
      const cookies = Cookies.fromSetCookie(
        [
          'a=1; Domain=example.com',
          'b=1; Domain=other.example',
          'c=1; Domain=ample.com',
          'd=1; Domain=1.2.3',
        ],
        new URL('https://www.example.com/'),
      );
      expect([...cookies]).toEqual([['a', '1']]);
      const onIp = Cookies.fromSetCookie(
        ['e=1; Domain=0.0.1', 'f=1; Domain=10.0.0.1'],
        new URL('http://10.0.0.1/'),
      );
      expect([...onIp]).toEqual([['f', '1']]);
    });

    it('keeps Secure, HttpOnly, SameSite and the expiry, for details()', () => {
      const cookies = Cookies.fromSetCookie([
        'sid=x; Secure; HttpOnly; SameSite=Lax; Path=/app; Max-Age=60',
        'plain=1',
      ]);
      expect(cookies.details('sid')).toMatchObject({
        path: '/app',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
      });
      expect(cookies.details('sid')?.expires?.getTime()).toBeGreaterThan(Date.now());
      expect(cookies.details('plain')).toEqual({
        name: 'plain',
        value: '1',
        domain: '',
        path: '/',
        secure: false,
        httpOnly: false,
      });
      expect(cookies.details('none')).toBeUndefined();
    });
  });

  describe('details and set with attributes', () => {
    it('sets and returns the attributes; details() is a copy and raises CookieConflict as get() does', () => {
      const expires = new Date('2037-10-21T07:28:00Z');
      const cookies = new Cookies()
        .set('id', '1', { path: '/a', secure: true, expires })
        .set('id', '2', { path: '/b' });
      expect(() => cookies.details('id')).toThrow(CookieConflict);
      const details = cookies.details('id', { path: '/a' });
      expect(details).toEqual({
        name: 'id',
        value: '1',
        domain: '',
        path: '/a',
        secure: true,
        httpOnly: false,
        expires,
        sameSite: undefined,
      });
      details!.value = 'changed';
      expect(cookies.get('id', { path: '/a' })).toBe('1');
    });
  });
});
