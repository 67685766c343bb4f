import { createRequire } from 'node:module';
import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { CookieConflict } from '../../src/errors.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { ClientCookies, readSetCookie } from '../../src/node/cookie-jar.ts';

/** An in-memory store that says it is asynchronous, as a database-backed one would. */
class AsyncMemoryStore extends MemoryCookieStore {
  override synchronous = false;
}

const url = (href: string) => new URL(href);

describe('ClientCookies', () => {
  describe('built from a record or pairs', () => {
    it('holds every-host cookies, listed by iteration', () => {
      const cookies = new ClientCookies({ a: '1', b: '2' });
      expect([...cookies]).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
      expect(new ClientCookies([['c', '3']]).get('c')).toBe('3');
    });

    it('offers every-host cookies to any host, but keeps them out of the jar', () => {
      const cookies = new ClientCookies({ theme: 'dark' });
      expect(cookies.everyHost(url('http://example.com/'))).toEqual([['theme', 'dark']]);
      expect(cookies.everyHost(url('https://127.0.0.1:8443/x'))).toEqual([['theme', 'dark']]);
      expect(cookies.jar.getCookieStringSync('http://example.com/')).toBe('');
    });

    it('makes a jar of its own, empty', () => {
      const cookies = new ClientCookies();
      expect(cookies.jar).toBeInstanceOf(CookieJar);
      expect(cookies.size).toBe(0);
      expect(cookies.get('a')).toBeUndefined();
    });

    it('makes a jar that sends Secure cookies over https only, even to localhost', () => {
      const { jar } = new ClientCookies();
      jar.setCookieSync('s=1; Secure', 'https://localhost/');
      expect(jar.getCookieStringSync('https://localhost/')).toBe('s=1');
      expect(jar.getCookieStringSync('http://localhost/')).toBe('');
    });
  });

  describe('over a jar the user owns', () => {
    it('uses that jar as it is, not a copy', () => {
      const jar = new CookieJar();
      const cookies = new ClientCookies(jar);
      expect(cookies.jar).toBe(jar);
      jar.setCookieSync('sid=abc', 'http://example.com/');
      expect(cookies.get('sid')).toBe('abc');
      cookies.set('lang', 'en', { domain: 'example.com' });
      expect(jar.getCookieStringSync('http://example.com/')).toBe('sid=abc; lang=en');
    });

    it('recognizes a jar from another copy of tough-cookie (the CommonJS build)', () => {
      const cjs = createRequire(import.meta.url)('tough-cookie') as { CookieJar: typeof CookieJar };
      const jar = new cjs.CookieJar();
      expect(jar).not.toBeInstanceOf(CookieJar);
      const cookies = new ClientCookies(jar);
      expect(cookies.jar).toBe(jar);
      expect(cookies.size).toBe(0);
    });
  });

  describe('get', () => {
    it('finds a cookie the jar holds for a host, with its domain and path', () => {
      const cookies = new ClientCookies();
      cookies.jar.setCookieSync('sid=abc; Path=/app', 'http://example.com/app/login');
      expect(cookies.get('sid')).toBe('abc');
      expect(cookies.get('sid', { domain: 'example.com', path: '/app' })).toBe('abc');
      expect(cookies.get('sid', { domain: 'other.com' })).toBeUndefined();
      expect(cookies.get('sid', { path: '/' })).toBeUndefined();
    });

    it('compares domains as the jar keeps them: lower case, no leading dot', () => {
      const cookies = new ClientCookies().set('a', '1', { domain: 'example.com' });
      expect(cookies.get('a', { domain: '.Example.COM' })).toBe('1');
    });

    it('raises CookieConflict when a name matches several cookies, and resolves it by scope', () => {
      const cookies = new ClientCookies({ id: 'everywhere' })
        .set('id', 'a', { domain: 'a.com' })
        .set('id', 'a-api', { domain: 'a.com', path: '/api' });
      expect(() => cookies.get('id')).toThrow(CookieConflict);
      expect(() => cookies.get('id')).toThrow(/"id"/);
      expect(() => cookies.get('id', { domain: 'a.com' })).toThrow(CookieConflict);
      expect(cookies.get('id', { domain: 'a.com', path: '/api' })).toBe('a-api');
      expect(cookies.get('id', { domain: 'a.com', path: '/' })).toBe('a');
      expect(cookies.get('id', { domain: '' })).toBe('everywhere');
    });

    it('does not see expired cookies, and drops them from the store', () => {
      const cookies = new ClientCookies();
      cookies.jar.setCookieSync('gone=1; Max-Age=0', 'http://example.com/');
      cookies.jar.setCookieSync('old=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT', 'http://example.com/');
      cookies.jar.setCookieSync('kept=1; Max-Age=3600', 'http://example.com/');
      expect(cookies.get('gone')).toBeUndefined();
      expect(cookies.get('old')).toBeUndefined();
      expect([...cookies]).toEqual([['kept', '1']]);
      expect(cookies.jar.serializeSync()?.cookies.map((cookie) => cookie.key)).toEqual(['kept']);
    });
  });

  describe('set', () => {
    it('without a domain, sets an every-host cookie, replacing one of the same name and path', () => {
      const cookies = new ClientCookies().set('a', '1').set('a', '2');
      expect(cookies.size).toBe(1);
      expect(cookies.get('a')).toBe('2');
    });

    it('scopes an every-host cookie by path', () => {
      const cookies = new ClientCookies().set('a', '1', { path: '/api' });
      expect(cookies.everyHost(url('http://h/api/users'))).toEqual([['a', '1']]);
      expect(cookies.everyHost(url('http://h/apix'))).toEqual([]);
      expect(cookies.everyHost(url('http://h/'))).toEqual([]);
    });

    it('with a domain, puts the cookie in the jar for that domain and its subdomains', () => {
      const cookies = new ClientCookies().set('a', '1', { domain: 'example.com' });
      expect(cookies.jar.getCookieStringSync('http://example.com/')).toBe('a=1');
      expect(cookies.jar.getCookieStringSync('http://www.example.com/x')).toBe('a=1');
      expect(cookies.jar.getCookieStringSync('http://example.org/')).toBe('');
    });

    it('with a domain and a path, the jar sends it under that path only', () => {
      const cookies = new ClientCookies().set('a', '1', { domain: 'example.com', path: '/api' });
      expect(cookies.jar.getCookieStringSync('http://example.com/api/v1')).toBe('a=1');
      expect(cookies.jar.getCookieStringSync('http://example.com/')).toBe('');
    });

    it('replaces a jar cookie of the same name, domain and path', () => {
      const cookies = new ClientCookies();
      cookies.jar.setCookieSync('a=old; Domain=example.com', 'http://example.com/');
      cookies.set('a', 'new', { domain: 'example.com' });
      expect(cookies.size).toBe(1);
      expect(cookies.get('a')).toBe('new');
    });

    it('works for IP hosts, IPv6 included', () => {
      const cookies = new ClientCookies()
        .set('a', '4', { domain: '127.0.0.1' })
        .set('b', '6', { domain: '::1' });
      expect(cookies.jar.getCookieStringSync('http://127.0.0.1:8080/')).toBe('a=4');
      expect(cookies.jar.getCookieStringSync('http://[::1]/')).toBe('b=6');
    });

    it('rejects a bad name, value or path, and a public-suffix domain', () => {
      const cookies = new ClientCookies();
      expect(() => cookies.set('a b', '1')).toThrow(TypeError);
      expect(() => cookies.set('a=b', '1')).toThrow(TypeError);
      expect(() => cookies.set('a', '1; b=2')).toThrow(TypeError);
      expect(() => cookies.set('a', 'x\r\ny')).toThrow(TypeError);
      expect(() => cookies.set('a', '1', { path: 'api' })).toThrow(TypeError);
      expect(() => cookies.set('a', '1', { domain: 'com' })).toThrow(/public suffix/);
      expect(cookies.size).toBe(0);
    });
  });

  describe('delete and clear', () => {
    const filled = () => {
      const cookies = new ClientCookies({ id: 'everywhere', other: 'x' })
        .set('id', 'a', { domain: 'a.com' })
        .set('id', 'a-api', { domain: 'a.com', path: '/api' })
        .set('id', 'b', { domain: 'b.com' });
      return cookies;
    };

    it('delete removes every cookie of a name, or only those in a scope', () => {
      const cookies = filled();
      cookies.delete('id', { domain: 'a.com', path: '/api' });
      expect(cookies.jar.getCookieStringSync('http://a.com/api')).toBe('id=a');
      cookies.delete('id', { domain: '' });
      expect(() => cookies.get('id')).toThrow(CookieConflict);
      cookies.delete('id');
      expect(cookies.get('id')).toBeUndefined();
      expect([...cookies]).toEqual([['other', 'x']]);
    });

    it('clear empties everything, or one domain, or one path', () => {
      const cookies = filled();
      cookies.clear({ domain: 'a.com', path: '/api' });
      expect(cookies.size).toBe(4);
      cookies.clear({ domain: 'b.com' });
      expect(cookies.get('id', { domain: 'b.com' })).toBeUndefined();
      cookies.clear({ domain: '' });
      expect([...cookies]).toEqual([['id', 'a']]);
      cookies.set('z', '1').clear();
      expect(cookies.size).toBe(0);
      expect(cookies.jar.getCookieStringSync('http://a.com/')).toBe('');
    });
  });

  it('prints each cookie with where it applies', () => {
    const cookies = new ClientCookies({ a: '1' }).set('b', '2', { domain: 'example.com', path: '/x' });
    expect(String(cookies)).toBe('<Cookies[<Cookie a=1 for */>, <Cookie b=2 for example.com/x>]>');
  });

  describe('over an asynchronous store', () => {
    const cookies = () => new ClientCookies(new CookieJar(new AsyncMemoryStore()));

    it('still keeps every-host cookies, which need no store', () => {
      const made = cookies().set('a', '1');
      expect(made.get('a', { domain: '' })).toBe('1');
      expect(made.everyHost(url('http://example.com/'))).toEqual([['a', '1']]);
      expect(made.delete('a', { domain: '' }).everyHost(url('http://example.com/'))).toEqual([]);
    });

    it('throws an error naming the asynchronous store for anything that needs the jar', () => {
      const made = cookies();
      expect(() => made.get('a')).toThrow(/store is asynchronous/);
      expect(() => made.set('a', '1', { domain: 'example.com' })).toThrow(/client\.cookies\.jar/);
      expect(() => made.delete('a')).toThrow(/asynchronous/);
      expect(() => made.clear()).toThrow(/asynchronous/);
      expect(() => [...made]).toThrow(/asynchronous/);
    });

    it('prints without throwing, saying the jar is asynchronous', () => {
      expect(String(cookies().set('a', '1'))).toBe(
        '<Cookies[<Cookie a=1 for */>, <and an asynchronous jar>]>',
      );
    });

    it('leaves the jar itself usable through its async API', async () => {
      const made = cookies();
      await made.jar.setCookie('a=1', 'http://example.com/');
      expect(await made.jar.getCookieString('http://example.com/')).toBe('a=1');
    });
  });
});

describe('readSetCookie (response.cookies on Node)', () => {
  const names = (lines: string[], href?: string) =>
    readSetCookie(lines, href === undefined ? undefined : url(href)).map((cookie) => cookie.name);

  it('rejects a public-suffix Domain, even from a host under it, and keeps a registrable one', () => {
    expect(names(['a=1; Domain=.com', 'b=1; Domain=example.com'], 'https://shop.example.com/')).toEqual([
      'b',
    ]);
    expect(names(['a=1; Domain=co.uk', 'b=1; Domain=shop.co.uk'], 'https://www.shop.co.uk/')).toEqual(['b']);
  });

  it('rejects a Domain the URL is not in, and a Secure cookie over plain http', () => {
    expect(names(['a=1; Domain=other.example', 'b=1; Secure', 'c=1'], 'http://example.com/')).toEqual(['c']);
    expect(names(['b=1; Secure'], 'https://example.com/')).toEqual(['b']);
  });

  it('leaves out expired cookies and one a later line expires', () => {
    const lines = [
      'a=1; Max-Age=0',
      'b=1; Max-Age=-1',
      'c=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      'd=1',
      'd=; Max-Age=0',
      'e=1',
    ];
    expect(names(lines, 'http://example.com/')).toEqual(['e']);
    expect(names(lines)).toEqual(['e']);
  });

  it("gives a cookie without Domain or Path the URL's host and directory, and keeps its attributes", () => {
    const [cookie] = readSetCookie(
      ['sid=x; HttpOnly; Secure; SameSite=Strict; Max-Age=60'],
      url('https://WWW.Example.com/app/login'),
    );
    expect(cookie).toMatchObject({
      name: 'sid',
      value: 'x',
      domain: 'www.example.com',
      path: '/app',
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    });
    expect(cookie?.expires).toBeInstanceOf(Date);
  });

  it('without a URL, takes Domain and Path as written', () => {
    expect(readSetCookie(['a=1; Domain=.Example.com; Path=/x', 'b=2'], undefined)).toMatchObject([
      { name: 'a', domain: 'example.com', path: '/x' },
      { name: 'b', domain: '', path: '/' },
    ]);
  });

  it('is what response.cookies uses once the Node cookie jar is loaded', () => {
    const request = new Request('GET', 'https://shop.example.com/');
    const response = new Response(200, {
      request,
      headers: [
        ['Set-Cookie', 'a=1; Domain=.com'],
        ['Set-Cookie', 'b=2'],
      ],
    });
    expect([...response.cookies]).toEqual([['b', '2']]);
  });
});
