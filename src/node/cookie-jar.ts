import { asyncScheduler } from 'rxjs';
import { Cookie, CookieJar, canonicalDomain, MemoryCookieStore, pathMatch } from 'tough-cookie';
import { describe } from '../config/describe.ts';
import { CookieConflict } from '../errors.ts';
import { type CookieDetails, type CookieScope, useSetCookieReader } from '../models/cookies.ts';
import type { CookiesOption } from './options.ts';

/** tough-cookie's jar, re-exported so users build one without importing tough-cookie. */
export { CookieJar };

/** One cookie as the client lists it; `domain` is `''` for a cookie sent to every host. */
interface Entry {
  name: string;
  value: string;
  domain: string;
  path: string;
  remove(): void;
}

/** A cookie with no domain: sent to every host whose request path it matches. */
interface EveryHostCookie {
  name: string;
  value: string;
  path: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
const BAD_VALUE = /[\u0000-\u001f\u007f;]/;

/**
 * The client's cookies (`client.cookies`): a tough-cookie `CookieJar` that keeps what servers
 * set (by domain, path, Secure and expiry), plus cookies for every host.
 *
 * - Built from a record or pairs (`new Client({ cookies: { theme: 'dark' } })`), the cookies
 *   have no domain and are sent to **every** host the client talks to, as httpx does with its
 *   client cookies. They live beside the jar, not in it; a cookie a server set for a host wins
 *   over an every-host cookie of the same name.
 * - Built from a `CookieJar` you own, that jar is used as it is (not copied): what servers set
 *   lands in it, and what you put in it is sent. Its own options apply (tough-cookie's default
 *   `allowSecureOnLocal` sends Secure cookies to `http://localhost`); the jar the client makes
 *   itself sends Secure cookies over https only.
 *
 * `get`, `set`, `delete`, `clear`, iteration and `size` work synchronously, so they need a
 * synchronous store (tough-cookie's in-memory store is one). Over an asynchronous store only
 * the every-host cookies are reachable here (`set` without a domain, or any call scoped to
 * `{ domain: '' }`); the rest throws an `Error` saying so: use `jar`'s own async API instead.
 * The client's requests work with either kind of store.
 */
export class ClientCookies implements Iterable<[string, string]> {
  /** The tough-cookie jar behind these cookies: yours if you gave one. */
  readonly jar: CookieJar;
  readonly #everyHost: EveryHostCookie[] = [];

  constructor(init?: CookiesOption) {
    if (isCookieJar(init)) {
      this.jar = init;
      return;
    }
    if (init !== undefined && init !== null && typeof init !== 'object')
      throw new TypeError(
        `cookies must be a CookieJar, { name: value } or [name, value] pairs, not ${describe(init)}`,
      );
    this.jar = clientJar();
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs as Iterable<readonly [string, string]>) this.set(name, value);
  }

  /** How many cookies there are (expired ones are not counted). */
  get size(): number {
    return this.#entries().length;
  }

  /**
   * The value of the one cookie named `name` in `scope` (domain and path compared exactly;
   * `domain: ''` means the every-host cookies), `undefined` if there is none.
   * @throws CookieConflict when several cookies match: give a domain or path.
   */
  get(name: string, scope?: CookieScope): string | undefined {
    const found = this.#entries(scope).filter((entry) => entry.name === name);
    if (found.length > 1) {
      const where = found.map((entry) => `${entry.domain || '*'}${entry.path}`).join(', ');
      throw new CookieConflict(
        `Several cookies are named ${JSON.stringify(name)} (${where}): give a domain or path`,
      );
    }
    return found[0]?.value;
  }

  /**
   * Sets a cookie. Without a domain it is sent to every host; with one, it goes into the jar
   * for that domain and its subdomains. The path defaults to `/`. A cookie of the same name,
   * domain and path is replaced.
   */
  set(name: string, value: string, scope: CookieScope = {}): this {
    if (!TOKEN.test(name)) throw new TypeError(`Invalid cookie name ${JSON.stringify(name)}`);
    if (typeof value !== 'string' || BAD_VALUE.test(value))
      throw new TypeError(
        `Invalid value for cookie ${JSON.stringify(name)}: a string without control characters or ';', not ${describe(value)}`,
      );
    const path = scope.path ?? '/';
    if (!path.startsWith('/')) throw new TypeError(`A cookie path starts with "/": ${JSON.stringify(path)}`);
    if (!scope.domain) {
      const at = this.#everyHost.findIndex((cookie) => cookie.name === name && cookie.path === path);
      if (at === -1) this.#everyHost.push({ name, value, path });
      else this.#everyHost[at] = { name, value, path };
      return this;
    }
    const domain = canonical(scope.domain);
    const host = domain.includes(':') ? `[${domain}]` : domain;
    const jar = this.#syncJar('set');
    // The jar checks the domain (no public suffixes) and replaces a cookie it already has.
    const stored = jar.setCookieSync(new Cookie({ key: name, value, domain, path }), `http://${host}${path}`);
    if (!stored) throw new TypeError(`The cookie jar refused cookie ${JSON.stringify(name)} for ${domain}`);
    return this;
  }

  /** Deletes every cookie named `name` in `scope`. */
  delete(name: string, scope?: CookieScope): this {
    for (const entry of this.#entries(scope)) if (entry.name === name) entry.remove();
    return this;
  }

  /** Deletes every cookie in `scope` (`{ domain, path }`), or every cookie when none is given. */
  clear(scope: CookieScope = {}): this {
    if (scope.domain === undefined && scope.path === undefined) {
      this.#syncJar('clear').removeAllCookiesSync();
      this.#everyHost.length = 0;
      return this;
    }
    for (const entry of this.#entries(scope)) entry.remove();
    return this;
  }

  /**
   * The every-host cookies whose path matches `url`'s, as `[name, value]`. The cookies
   * middleware adds them after the jar's own cookies for that URL.
   * @internal
   */
  everyHost(url: URL): readonly (readonly [string, string])[] {
    // Most clients have none: no arrays made per request for them.
    if (this.#everyHost.length === 0) return NONE;
    return this.#everyHost
      .filter((cookie) => pathMatch(url.pathname || '/', cookie.path))
      .map((cookie) => [cookie.name, cookie.value]);
  }

  /** `[name, value]` of every cookie: the every-host ones, then the jar's, oldest first. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const entry of this.#entries()) yield [entry.name, entry.value];
  }

  /** Each cookie with where it applies, e.g. `<Cookie sid=x for example.com/>`; `*` stands for every host. */
  toString(): string {
    const asynchronous = !this.jar.store.synchronous;
    const entries = asynchronous ? this.#entries({ domain: '' }) : this.#entries();
    const listed = entries.map(
      (entry) => `<Cookie ${entry.name}=${entry.value} for ${entry.domain || '*'}${entry.path}>`,
    );
    if (asynchronous) listed.push('<and an asynchronous jar>');
    return `<Cookies[${listed.join(', ')}]>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The cookies in `scope`: the every-host ones unless a domain is asked for, then the jar's live ones. */
  #entries(scope: CookieScope = {}): Entry[] {
    const domain = scope.domain === undefined ? undefined : canonical(scope.domain);
    const inPath = (path: string) => scope.path === undefined || scope.path === path;
    const entries: Entry[] = [];
    if (!domain) {
      for (const cookie of this.#everyHost) {
        if (!inPath(cookie.path)) continue;
        const remove = () => this.#everyHost.splice(this.#everyHost.indexOf(cookie), 1);
        entries.push({ ...cookie, domain: '', remove });
      }
    }
    if (domain === '') return entries;
    for (const cookie of this.#liveJarCookies()) {
      const cookieDomain = canonical(cookie.domain ?? '');
      const cookiePath = cookie.path ?? '/';
      if ((domain !== undefined && cookieDomain !== domain) || !inPath(cookiePath)) continue;
      const remove = () => this.#removeFromStore(cookie);
      entries.push({ name: cookie.key, value: cookie.value, domain: cookieDomain, path: cookiePath, remove });
    }
    return entries;
  }

  /** Every cookie in the jar that has not expired; expired ones are removed on the way. */
  #liveJarCookies(): Cookie[] {
    const store = this.#syncJar('read').store;
    const all = answerNow<Cookie[]>((done) => store.getAllCookies(done)) ?? [];
    // Cookie expiry is wall-clock time (Expires is a date), the clock the jar itself uses.
    const now = asyncScheduler.now();
    return all.filter((cookie) => {
      const expires = cookie.expiryTime();
      if (expires === undefined || expires > now) return true;
      this.#removeFromStore(cookie);
      return false;
    });
  }

  #removeFromStore(cookie: Cookie): void {
    const store = this.jar.store;
    answerNow<void>((done) => store.removeCookie(cookie.domain, cookie.path, cookie.key, done));
  }

  /** The jar, after checking that its store answers synchronously. */
  #syncJar(doing: string): CookieJar {
    if (this.jar.store.synchronous) return this.jar;
    throw new Error(
      `client.cookies cannot ${doing} the jar's cookies synchronously: its store is asynchronous ` +
        '(store.synchronous is false). Use the jar itself (client.cookies.jar), whose methods return Promises.',
    );
  }
}

/** The jar a client makes itself: in memory, and it takes Secure cookies over https only. */
function clientJar(): CookieJar {
  return new CookieJar(new MemoryCookieStore(), { allowSecureOnLocal: false });
}

/**
 * What `response.cookies` shows on Node: the cookies a client's own jar would keep from these
 * Set-Cookie lines for `url` (a throw-away jar is filled and read back), live ones only.
 * Without a URL there is no jar to ask: each line is parsed, and Domain and Path taken as written.
 */
export function readSetCookie(lines: readonly string[], url: URL | undefined): CookieDetails[] {
  let cookies: Iterable<Cookie>;
  if (url === undefined) {
    // A later line replaces an earlier one of the same name, domain and path, as in a jar.
    const byKey = new Map<string, Cookie>();
    for (const cookie of lines.map((line) => Cookie.parse(line)))
      if (cookie) byKey.set(`${cookie.domain};${cookie.path};${cookie.key}`, cookie);
    cookies = byKey.values();
  } else {
    const jar = clientJar();
    for (const line of lines) jar.setCookieSync(line, url, { ignoreError: true });
    cookies = answerNow<Cookie[]>((done) => jar.store.getAllCookies(done)) ?? [];
  }
  const now = asyncScheduler.now();
  const live: CookieDetails[] = [];
  for (const cookie of cookies) {
    const expiry = cookie.expiryTime() ?? Number.POSITIVE_INFINITY;
    if (expiry <= now) continue;
    live.push({
      name: cookie.key,
      value: cookie.value,
      domain: canonical(cookie.domain ?? ''),
      path: cookie.path ?? '/',
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      expires: Number.isFinite(expiry) ? new Date(expiry) : undefined,
      sameSite: cookie.sameSite,
    });
  }
  return live;
}

// Wherever the Node cookie jar is loaded, response.cookies follows the same rules.
useSetCookieReader(readSetCookie);

/** A tough-cookie jar, recognized by shape so a jar from another copy of the package works too. */
function isCookieJar(init: CookiesOption | undefined): init is CookieJar {
  if (init instanceof CookieJar) return true;
  if (typeof init !== 'object' || init === null || Symbol.iterator in init) return false;
  const candidate = init as Partial<Record<keyof CookieJar, unknown>>;
  return (
    typeof candidate.getCookies === 'function' &&
    typeof candidate.setCookie === 'function' &&
    typeof candidate.store === 'object'
  );
}

/** A domain as the jar keeps it: lower case, no leading dot, punycode; `''` stays `''`. */
function canonical(domain: string): string {
  return domain === '' ? '' : (canonicalDomain(domain) ?? domain);
}

/** Calls a callback-style store method that answers synchronously, returning its result. */
function answerNow<T>(start: (done: (error: Error | null, result?: T) => void) => void): T | undefined {
  let answered = false;
  let failure: Error | null = null;
  let value: T | undefined;
  start((error, result) => {
    answered = true;
    failure = error;
    value = result;
  });
  if (failure) throw failure;
  if (!answered) throw new Error('The cookie store says it is synchronous but did not answer at once');
  return value;
}

const NONE: readonly (readonly [string, string])[] = Object.freeze([]);
