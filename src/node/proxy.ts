import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';

/** How an `http://` target goes through an HTTP(S) proxy. */
export type ProxyMode = 'forward' | 'tunnel';

/** The second argument of `new Proxy(url, init)`. */
export interface ProxyInit {
  /**
   * The proxy's credentials, `[user, password]`, sent to the proxy only (Basic
   * `Proxy-Authorization` for HTTP(S) proxies, RFC 1929 for SOCKS5). Replaces any in the URL.
   * @default the URL's user and password, if any
   */
  auth?: readonly [user: string, password: string];
  /**
   * Headers for the proxy itself: on CONNECT requests, and on requests forwarded through it.
   * Never sent to a target through a tunnel. HTTP(S) proxies only.
   * @default none
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * For `http://` targets through an HTTP(S) proxy: `'forward'` sends each request to the proxy
   * in absolute form (httpx's FORWARD_ONLY), `'tunnel'` opens a CONNECT tunnel first (TUNNEL_ONLY).
   * `https://` targets are always tunnelled.
   * @default 'forward'
   */
  mode?: ProxyMode;
}

const PROXY_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);
const INIT_NAMES: ReadonlySet<string> = new Set(['auth', 'headers', 'mode']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * A proxy: `new Proxy('http://proxy.local:3128')`, `new Proxy('socks5h://127.0.0.1:1080', {
 * auth: ['user', 'secret'] })`. `http://` and `https://` proxies forward plain requests and
 * tunnel the rest with CONNECT (`https://`: TLS to the proxy, checked as the client's `verify`
 * says); `socks5://` resolves the target's name here, `socks5h://` lets the proxy resolve it.
 * The credentials go to the proxy only and never appear when it is printed.
 */
export class ProxySettings {
  /** The proxy's URL, without credentials (a fresh copy each time: the settings cannot change). */
  get url(): URL {
    return new URL(this.#href);
  }
  readonly #href: string;
  /** `[user, password]`, or `undefined` when the proxy takes none. */
  readonly auth: readonly [user: string, password: string] | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly mode: ProxyMode;

  constructor(url: string | URL, init: ProxyInit = {}) {
    const parsed = parseProxyUrl(url);
    if (typeof init !== 'object' || init === null)
      throw new TypeError(`A Proxy's options must be { auth?, headers?, mode? }, not ${describe(init)}`);
    checkOptionNames('Proxy', init, INIT_NAMES);
    this.auth = checkAuth(own(init, 'auth')) ?? credentialsOf(parsed);
    parsed.username = '';
    parsed.password = '';
    this.#href = parsed.href;
    if (this.auth !== undefined && parsed.protocol.startsWith('socks')) checkSocksAuth(this.auth);
    this.headers = Object.freeze(checkHeaders(own(init, 'headers'), parsed.protocol));
    const given = own(init, 'mode');
    const mode = given === undefined ? 'forward' : given;
    if (mode !== 'forward' && mode !== 'tunnel')
      throw new TypeError(`A Proxy's mode must be 'forward' or 'tunnel', not ${describe(mode)}`);
    this.mode = mode;
    Object.freeze(this);
  }

  /** `proxy` as a `Proxy`: itself when it is one. */
  static from(proxy: string | URL | ProxySettings): ProxySettings {
    return proxy instanceof ProxySettings ? proxy : new ProxySettings(proxy);
  }

  /** True for SOCKS5 proxies: every target is tunnelled through the SOCKS handshake. */
  get socks(): boolean {
    return this.#href.startsWith('socks5:') || this.#href.startsWith('socks5h:');
  }

  /** Whether a request to `origin` is sent to the proxy in absolute form (not tunnelled). */
  forwards(origin: string): boolean {
    return !this.socks && this.mode === 'forward' && origin.startsWith('http:');
  }

  /** The `Proxy-Authorization` value for HTTP(S) proxies, when there are credentials. */
  get authorization(): string | undefined {
    if (this.auth === undefined) return undefined;
    return `Basic ${Buffer.from(`${this.auth[0]}:${this.auth[1]}`, 'utf8').toString('base64')}`;
  }

  /** Who can tell two proxies apart: settings that must not share a connection. */
  get key(): string {
    return JSON.stringify([this.#href, this.auth, this.headers, this.mode]);
  }

  toString(): string {
    return `Proxy(${this.#href}${this.auth ? ', auth=[***]' : ''}${this.mode === 'tunnel' ? ', mode=tunnel' : ''})`;
  }
}

function parseProxyUrl(url: string | URL): URL {
  const text = url instanceof URL ? url.href : url;
  const parsed = typeof text === 'string' && URL.canParse(text) ? new URL(text) : undefined;
  if (parsed === undefined || !PROXY_SCHEMES.has(parsed.protocol) || parsed.hostname === '')
    throw new TypeError(
      `A proxy must be a URL such as 'http://proxy.local:3128', 'https://…', 'socks5://…' or 'socks5h://…', not ${describe(url)}`,
    );
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.hash !== '')
    throw new TypeError(
      `A proxy URL has no path, query or fragment: ${describe(`${parsed.origin}${parsed.pathname}`)}`,
    );
  return parsed;
}

function credentialsOf(url: URL): readonly [string, string] | undefined {
  if (url.username === '' && url.password === '') return undefined;
  return Object.freeze([decodeURIComponent(url.username), decodeURIComponent(url.password)] as const);
}

function checkAuth(auth: unknown): readonly [string, string] | undefined {
  if (auth === undefined) return undefined;
  if (Array.isArray(auth) && auth.length === 2) {
    const [user, password]: unknown[] = auth;
    if (typeof user === 'string' && typeof password === 'string')
      return Object.freeze([user, password] as const);
  }
  throw new TypeError(`A Proxy's auth must be [user, password], not ${describe(auth)}`);
}

function checkHeaders(headers: unknown, protocol: string): Record<string, string> {
  if (headers === undefined) return {};
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
    throw new TypeError(`A Proxy's headers must be a record of names to values, not ${describe(headers)}`);
  if (protocol.startsWith('socks') && Object.keys(headers).length > 0)
    throw new TypeError('A SOCKS5 proxy takes no headers: headers go to HTTP and HTTPS proxies only');
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || !HEADER_VALUE.test(value))
      throw new TypeError(
        `A Proxy's headers must be valid header names to values without CR, LF or NUL, not ${describe(name)}: ${describe(value)}`,
      );
    checked[name] = value;
  }
  return checked;
}

/** RFC 1929 carries each of user and password in at most 255 bytes. */
function checkSocksAuth([user, password]: readonly [string, string]): void {
  for (const [what, value] of [
    ['user', user],
    ['password', password],
  ] as const) {
    const length = Buffer.byteLength(value, 'utf8');
    if (length > 255)
      throw new TypeError(`A SOCKS5 proxy's ${what} is at most 255 bytes in UTF-8 (RFC 1929), not ${length}`);
  }
}
