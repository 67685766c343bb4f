/**
 * `Proxy` (ProxySettings in src/node/proxy.ts; imported as HttpProxy, as a local `Proxy` would
 * shadow the global) on its own: which URLs it takes, where the credentials come from and where
 * they never appear, what its headers and mode may be, and what tells two proxies apart.
 * Nothing here opens a connection.
 */
import { describe, expect, it } from 'vitest';
import { Proxy as HttpProxy } from '../../src/index.ts';

const NOT_A_PROXY =
  "A proxy must be a URL such as 'http://proxy.local:3128', 'https://…', 'socks5://…' or 'socks5h://…', not ";

describe('the proxy URL', () => {
  it.each([
    ['http://proxy.local:3128', 'http://proxy.local:3128/'],
    ['https://proxy.local:8443/', 'https://proxy.local:8443/'],
    ['socks5://127.0.0.1:1080', 'socks5://127.0.0.1:1080'],
    ['socks5h://[::1]:1080', 'socks5h://[::1]:1080'],
  ])('takes %s', (given, href) => {
    const proxy = new HttpProxy(given);
    expect(proxy.url).toBeInstanceOf(URL);
    expect(proxy.url.href).toBe(href);
    expect(proxy.auth).toBeUndefined();
    expect(proxy.headers).toEqual({});
  });

  it('takes a URL object as well as a string, and copies it', () => {
    const given = new URL('http://u:p@proxy.local:3128');
    const proxy = new HttpProxy(given);
    expect(proxy.url.href).toBe('http://proxy.local:3128/');
    expect(proxy.url).not.toBe(given);
    expect(given.href).toBe('http://u:p@proxy.local:3128/');
  });

  it.each([
    ['ftp://proxy.local:21', "'ftp://proxy.local:21'"],
    ['socks4://proxy.local:1080', "'socks4://proxy.local:1080'"],
    ['proxy.local:3128', "'proxy.local:3128'"],
    ['not a url', "'not a url'"],
    ['http://', "'http://'"],
    ['socks5://:1080', "'socks5://:1080'"],
  ])('refuses %s', (given, described) => {
    expect(() => new HttpProxy(given)).toThrow(new TypeError(`${NOT_A_PROXY}${described}`));
  });

  it('refuses what is neither a string nor a URL, naming what it got', () => {
    expect(() => new HttpProxy(3128 as never)).toThrow(new TypeError(`${NOT_A_PROXY}3128`));
    expect(() => new HttpProxy({ href: 'http://p:1' } as never)).toThrow(
      new TypeError(`${NOT_A_PROXY}an object`),
    );
  });

  it.each([
    ['http://proxy.local:3128/path', "'http://proxy.local:3128/path'"],
    ['http://proxy.local:3128/?q=1', "'http://proxy.local:3128/'"],
    ['https://proxy.local:3128/#top', "'https://proxy.local:3128/'"],
  ])('refuses a path, query or fragment: %s', (given, described) => {
    expect(() => new HttpProxy(given)).toThrow(
      new TypeError(`A proxy URL has no path, query or fragment: ${described}`),
    );
  });
});

describe('the credentials', () => {
  it('come from the URL percent-decoded, and leave the URL', () => {
    const proxy = new HttpProxy('http://us%40er:p%3Ass@h:1');
    expect(proxy.auth).toEqual(['us@er', 'p:ss']);
    expect(proxy.url.href).toBe('http://h:1/');
    expect(proxy.url.username).toBe('');
    expect(proxy.url.password).toBe('');
  });

  it('take a user without a password, and a password without a user', () => {
    expect(new HttpProxy('http://alice@h:1').auth).toEqual(['alice', '']);
    expect(new HttpProxy('socks5://:secret@h:1').auth).toEqual(['', 'secret']);
  });

  it('decode UTF-8 in the URL', () => {
    expect(new HttpProxy('http://j%C3%BCrgen:%E2%82%AC@h:1').auth).toEqual(['jürgen', '€']);
  });

  it('from auth replace those of the URL', () => {
    const proxy = new HttpProxy('http://old:one@h:1', { auth: ['new', 'two'] });
    expect(proxy.auth).toEqual(['new', 'two']);
    expect(proxy.url.href).toBe('http://h:1/');
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('new:two').toString('base64')}`);
  });

  it('are frozen, and a copy of the array given', () => {
    const given: [string, string] = ['alice', 'a'];
    const proxy = new HttpProxy('http://h:1', { auth: given });
    given[1] = 'changed';
    expect(proxy.auth).toEqual(['alice', 'a']);
    expect(Object.isFrozen(proxy.auth)).toBe(true);
    expect(Object.isFrozen(new HttpProxy('http://u:p@h:1').auth)).toBe(true);
  });

  it.each([
    [['alice'], 'an array of 1'],
    [['alice', 'a', 'b'], 'an array of 3'],
    [['alice', 1], 'an array of 2'],
    ['alice:a', "'alice:a'"],
    [null, 'null'],
  ])('refuse auth %j', (auth, described) => {
    expect(() => new HttpProxy('http://h:1', { auth: auth as never })).toThrow(
      new TypeError(`A Proxy's auth must be [user, password], not ${described}`),
    );
  });

  it('make a Basic Proxy-Authorization of user:password in UTF-8', () => {
    expect(new HttpProxy('http://h:1', { auth: ['Aladdin', 'open sesame'] }).authorization).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
    // "jürgen:€" in UTF-8, not latin1 (which has no €).
    expect(new HttpProxy('http://h:1', { auth: ['jürgen', '€'] }).authorization).toBe(
      `Basic ${Buffer.from([0x6a, 0xc3, 0xbc, 0x72, 0x67, 0x65, 0x6e, 0x3a, 0xe2, 0x82, 0xac]).toString('base64')}`,
    );
    expect(new HttpProxy('http://h:1').authorization).toBeUndefined();
  });
});

describe('the headers', () => {
  it('are kept, frozen, and a copy of the record given', () => {
    const given = { 'X-Proxy-Token': 'abc', Via: '1.1 me' };
    const proxy = new HttpProxy('http://h:1', { headers: given });
    given['X-Proxy-Token'] = 'changed';
    expect(proxy.headers).toEqual({ 'X-Proxy-Token': 'abc', Via: '1.1 me' });
    expect(Object.isFrozen(proxy.headers)).toBe(true);
  });

  it('take a tab, spaces and obs-text in a value', () => {
    expect(new HttpProxy('http://h:1', { headers: { 'X-A': 'a\tb c\u00e9' } }).headers).toEqual({
      'X-A': 'a\tb c\u00e9',
    });
  });

  const invalid = (described: string) =>
    new TypeError(
      `A Proxy's headers must be valid header names to values without CR, LF or NUL, not ${described}`,
    );

  it.each([
    [{ 'X-A': 'a\r\nInjected: yes' }, "'X-A': 'a\\r\\nInjected: yes'"],
    [{ 'X-A': 'a\nb' }, "'X-A': 'a\\nb'"],
    [{ 'X-A': 'a\rb' }, "'X-A': 'a\\rb'"],
    [{ 'X-A': 'a\u0000b' }, "'X-A': 'a\\u0000b'"],
    [{ 'X A': 'a' }, "'X A': 'a'"],
    [{ 'X:A': 'a' }, "'X:A': 'a'"],
    [{ '': 'a' }, "'': 'a'"],
    [{ 'X-A': 1 }, "'X-A': 1"],
  ])('refuse %j', (headers, described) => {
    expect(() => new HttpProxy('http://h:1', { headers: headers as never })).toThrow(invalid(described));
  });

  it.each([
    ['a string', 'X-A: a', "'X-A: a'"],
    ['an array', [['X-A', 'a']], 'an array of 1'],
    ['null', null, 'null'],
  ])('must be a record, not %s', (_what, headers, described) => {
    expect(() => new HttpProxy('http://h:1', { headers: headers as never })).toThrow(
      new TypeError(`A Proxy's headers must be a record of names to values, not ${described}`),
    );
  });

  it.each(['socks5://h:1', 'socks5h://h:1'])('are refused for a SOCKS proxy: %s', (url) => {
    expect(() => new HttpProxy(url, { headers: { 'X-A': 'a' } })).toThrow(
      new TypeError('A SOCKS5 proxy takes no headers: headers go to HTTP and HTTPS proxies only'),
    );
    expect(new HttpProxy(url).headers).toEqual({});
  });
});

describe('the mode', () => {
  it("is 'forward' unless told 'tunnel'", () => {
    expect(new HttpProxy('http://h:1').mode).toBe('forward');
    expect(new HttpProxy('http://h:1', { mode: 'forward' }).mode).toBe('forward');
    expect(new HttpProxy('http://h:1', { mode: 'tunnel' }).mode).toBe('tunnel');
  });

  it.each([
    ['connect', "'connect'"],
    ['Tunnel', "'Tunnel'"],
    ['', "''"],
    [1, '1'],
  ])('refuses %j', (mode, described) => {
    expect(() => new HttpProxy('http://h:1', { mode: mode as never })).toThrow(
      new TypeError(`A Proxy's mode must be 'forward' or 'tunnel', not ${described}`),
    );
  });

  it('decides what forwards(origin) says: http targets forwarded, the rest tunnelled', () => {
    const forward = new HttpProxy('http://h:1');
    expect(forward.forwards('http://target.test')).toBe(true);
    expect(forward.forwards('https://target.test')).toBe(false);
    expect(new HttpProxy('https://h:1').forwards('http://target.test')).toBe(true);
    expect(new HttpProxy('http://h:1', { mode: 'tunnel' }).forwards('http://target.test')).toBe(false);
    expect(new HttpProxy('socks5://h:1').forwards('http://target.test')).toBe(false);
    expect(new HttpProxy('socks5h://h:1').forwards('http://target.test')).toBe(false);
  });

  it('and socks says whether the SOCKS handshake is used', () => {
    expect(new HttpProxy('socks5://h:1').socks).toBe(true);
    expect(new HttpProxy('socks5h://h:1').socks).toBe(true);
    expect(new HttpProxy('http://h:1').socks).toBe(false);
    expect(new HttpProxy('https://h:1').socks).toBe(false);
  });
});

describe('the init', () => {
  it('refuses an unknown option name, suggesting the one meant', () => {
    expect(() => new HttpProxy('http://h:1', { hedaers: {} } as never)).toThrow(
      new TypeError('Unknown Proxy option "hedaers" (got an object): did you mean "headers"?'),
    );
    expect(() => new HttpProxy('http://h:1', { credentials: ['a', 'b'] } as never)).toThrow(
      new TypeError('Unknown Proxy option "credentials" (got an array of 2): did you mean "auth"?'),
    );
    expect(() => new HttpProxy('http://h:1', { zzzzzzzz: 1 } as never)).toThrow(
      new TypeError('Unknown Proxy option "zzzzzzzz" (got 1): the Proxy options are auth, headers, mode'),
    );
  });

  it('must be an object', () => {
    expect(() => new HttpProxy('http://h:1', 'tunnel' as never)).toThrow(
      new TypeError("A Proxy's options must be { auth?, headers?, mode? }, not 'tunnel'"),
    );
    expect(() => new HttpProxy('http://h:1', null as never)).toThrow(
      new TypeError("A Proxy's options must be { auth?, headers?, mode? }, not null"),
    );
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ mode: 'tunnel', auth: ['a', 'b'] }) as object;
    const proxy = new HttpProxy('http://h:1', inherited);
    expect(proxy.mode).toBe('forward');
    expect(proxy.auth).toBeUndefined();
  });
});

describe('key', () => {
  const key = (url: string, init?: ConstructorParameters<typeof HttpProxy>[1]) =>
    new HttpProxy(url, init).key;

  it('is the same for the same settings, however they were written', () => {
    expect(key('http://alice:a@h:1')).toBe(key('http://h:1', { auth: ['alice', 'a'] }));
    expect(key('http://h:1/')).toBe(key('http://h:1'));
  });

  it('differs for other credentials, headers, mode or URL', () => {
    const keys = [
      key('http://h:1'),
      key('http://h:1', { auth: ['alice', 'a'] }),
      key('http://h:1', { auth: ['alice', 'b'] }),
      key('http://h:1', { auth: ['bob', 'a'] }),
      key('http://h:1', { headers: { 'X-A': '1' } }),
      key('http://h:1', { headers: { 'X-A': '2' } }),
      key('http://h:1', { mode: 'tunnel' }),
      key('https://h:1'),
      key('http://h:2'),
      key('socks5://h:1'),
      key('socks5h://h:1'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('does not confuse a colon in the user with the separator', () => {
    expect(key('http://h:1', { auth: ['a:b', 'c'] })).not.toBe(key('http://h:1', { auth: ['a', 'b:c'] }));
  });
});

describe('toString()', () => {
  it('shows the URL and mode, never the credentials', () => {
    expect(String(new HttpProxy('http://h:1'))).toBe('Proxy(http://h:1/)');
    expect(String(new HttpProxy('socks5h://h:1', {}))).toBe('Proxy(socks5h://h:1)');
    expect(String(new HttpProxy('http://h:1', { mode: 'tunnel' }))).toBe('Proxy(http://h:1/, mode=tunnel)');
    const secret = new HttpProxy('http://alice:hunter2@h:1');
    expect(String(secret)).toBe('Proxy(http://h:1/, auth=[***])');
    const given = new HttpProxy('http://h:1', { auth: ['alice', 'hunter2'], mode: 'tunnel' });
    expect(String(given)).toBe('Proxy(http://h:1/, auth=[***], mode=tunnel)');
    for (const text of [String(secret), String(given), `${given}`, secret.url.href]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('alice');
    }
  });
});

describe('Proxy.from', () => {
  it('gives a Proxy back as it is, and makes one of a string or URL', () => {
    const proxy = new HttpProxy('http://h:1', { mode: 'tunnel' });
    expect(HttpProxy.from(proxy)).toBe(proxy);
    const made = HttpProxy.from('socks5://u:p@h:1');
    expect(made).toBeInstanceOf(HttpProxy);
    expect(made.auth).toEqual(['u', 'p']);
    expect(HttpProxy.from(new URL('http://h:2')).url.href).toBe('http://h:2/');
    expect(() => HttpProxy.from('ftp://h:1')).toThrow(new TypeError(`${NOT_A_PROXY}'ftp://h:1'`));
  });
});

describe('a Proxy', () => {
  it('is frozen', () => {
    const proxy = new HttpProxy('http://h:1', { auth: ['a', 'b'], headers: { 'X-A': '1' } });
    expect(Object.isFrozen(proxy)).toBe(true);
    expect(() => {
      (proxy as { mode: string }).mode = 'tunnel';
    }).toThrow(TypeError);
    expect(() => {
      (proxy.headers as Record<string, string>)['X-B'] = '2';
    }).toThrow(TypeError);
    expect(proxy.mode).toBe('forward');
    expect(proxy.headers).toEqual({ 'X-A': '1' });
  });
});

describe('what a Proxy cannot be made to do', () => {
  it('changes nothing through its url: each read is a fresh copy', () => {
    const proxy = new HttpProxy('http://proxy.test:3128');
    const key = proxy.key;
    proxy.url.hostname = 'elsewhere.test';
    expect([proxy.url.href, proxy.key, String(proxy)]).toEqual([
      'http://proxy.test:3128/',
      key,
      'Proxy(http://proxy.test:3128/)',
    ]);
  });

  it('refuses mode: null as any other wrong mode', () => {
    expect(() => new HttpProxy('http://proxy.test', { mode: null as never })).toThrow(
      new TypeError("A Proxy's mode must be 'forward' or 'tunnel', not null"),
    );
  });

  it('takes empty headers on a SOCKS5 proxy, and refuses credentials RFC 1929 cannot carry', () => {
    expect(new HttpProxy('socks5://proxy.test', { headers: {} }).headers).toEqual({});
    expect(() => new HttpProxy('socks5://proxy.test', { auth: ['u'.repeat(256), 'p'] })).toThrow(
      new TypeError("A SOCKS5 proxy's user is at most 255 bytes in UTF-8 (RFC 1929), not 256"),
    );
    expect(() => new HttpProxy(`socks5h://u:${'é'.repeat(128)}@proxy.test`)).toThrow(
      /SOCKS5 proxy's password is at most 255 bytes in UTF-8 \(RFC 1929\), not 256$/,
    );
  });
});
