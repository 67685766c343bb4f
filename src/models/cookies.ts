import { asyncScheduler } from 'rxjs';
import { CookieConflict } from '../errors.ts';

export interface CookieScope {
  domain?: string;
  path?: string;
}

/** The attributes a cookie in {@link Cookies} can carry besides its name and value. */
export interface CookieAttributes extends CookieScope {
  /**
   * Sent over https only.
   * @default false
   */
  secure?: boolean;
  /**
   * Hidden from scripts in a browser.
   * @default false
   */
  httpOnly?: boolean;
  /**
   * When the cookie expires.
   * @default undefined: a session cookie
   */
  expires?: Date;
  /**
   * The SameSite attribute, lower-cased.
   * @default undefined: none given
   */
  sameSite?: string;
}

/** One cookie with everything known about it: what {@link Cookies.details} returns. */
export interface CookieDetails {
  name: string;
  value: string;
  /** The domain it applies to, without a leading dot; `''` when unknown. */
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** `undefined` for a session cookie. */
  expires?: Date;
  sameSite?: string;
}

/**
 * Reads a response's `Set-Cookie` lines, sent in answer to a request for `url` (unknown for a
 * response built without a request), into the cookies a cookie jar would keep from them, in
 * order: expired, malformed and out-of-domain ones left out, a later line replacing an earlier
 * one of the same name, domain and path.
 */
export type SetCookieReader = (lines: readonly string[], url: URL | undefined) => CookieDetails[];

let reader: SetCookieReader = readSetCookieLines;

/**
 * Sets how `response.cookies` reads Set-Cookie. The Node cookie jar (node/cookie-jar.ts,
 * which the Node entry loads) installs tough-cookie's jar rules, public suffixes included,
 * when it loads; without it the neutral reader below is used.
 * @internal
 */
export function useSetCookieReader(next: SetCookieReader): void {
  reader = next;
}

function matches(entry: CookieDetails, name: string, scope: CookieScope | undefined): boolean {
  return (
    entry.name === name &&
    (scope?.domain === undefined || entry.domain === scope.domain) &&
    (scope?.path === undefined || entry.path === scope.path)
  );
}

/**
 * A small set of cookies by name, domain and path: the cookies one response sets
 * (`response.cookies`). Look-ups that match several cookies raise `CookieConflict`.
 */
export class Cookies implements Iterable<[string, string]> {
  readonly #entries: CookieDetails[] = [];

  constructor(init?: Record<string, string> | Iterable<readonly [string, string]>) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs as Iterable<readonly [string, string]>) this.set(name, value);
  }

  /**
   * The cookies a cookie jar would keep from these `Set-Cookie` lines, sent in answer to a
   * request for `url`: a cookie already expired (`Max-Age=0`, a past `Expires`) is left out,
   * and so is one whose Domain the URL is not in or (on Node, by tough-cookie's rules) that
   * names a public suffix such as `.com`. A cookie without Domain gets the URL's host and one
   * without Path the URL's default path (its directory). Without a URL, Domain and Path are
   * taken as written.
   */
  static fromSetCookie(lines: readonly string[], url?: URL): Cookies {
    const cookies = new Cookies();
    if (lines.length === 0) return cookies;
    for (const cookie of reader(lines, url)) cookies.#put(cookie);
    return cookies;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The value of the one cookie named `name` (in `scope`), `undefined` if none, `CookieConflict` if several. */
  get(name: string, scope?: CookieScope): string | undefined {
    return this.details(name, scope)?.value;
  }

  /**
   * Everything known about the one cookie named `name` (in `scope`): domain, path, Secure,
   * HttpOnly, expiry and SameSite. `undefined` if none, `CookieConflict` if several.
   */
  details(name: string, scope?: CookieScope): CookieDetails | undefined {
    const found = this.#entries.filter((entry) => matches(entry, name, scope));
    if (found.length > 1) {
      throw new CookieConflict(`Several cookies are named ${JSON.stringify(name)}: give a domain or path`);
    }
    return found[0] && { ...found[0] };
  }

  /** Sets a cookie, replacing one of the same name, domain and path. The path defaults to `/`. */
  set(name: string, value: string, attributes: CookieAttributes = {}): this {
    const { domain = '', path = '/', secure = false, httpOnly = false, expires, sameSite } = attributes;
    return this.#put({ name, value, domain, path, secure, httpOnly, expires, sameSite });
  }

  delete(name: string, scope?: CookieScope): this {
    for (let i = this.#entries.length - 1; i >= 0; i--)
      if (matches(this.#entries[i]!, name, scope)) this.#entries.splice(i, 1);
    return this;
  }

  clear(): this {
    this.#entries.length = 0;
    return this;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const entry of this.#entries) yield [entry.name, entry.value];
  }

  toString(): string {
    return `<Cookies[${this.#entries.map((e) => `<Cookie ${e.name}=${e.value} for ${e.domain || '*'}${e.path}>`).join(', ')}]>`;
  }

  #put(cookie: CookieDetails): this {
    putCookie(this.#entries, cookie);
    return this;
  }
}

/** Adds `cookie` to `list`, or replaces the one of the same name, domain and path in place. */
function putCookie(list: CookieDetails[], cookie: CookieDetails): void {
  const at = list.findIndex(
    (e) => e.name === cookie.name && e.domain === cookie.domain && e.path === cookie.path,
  );
  if (at === -1) list.push(cookie);
  else list[at] = cookie;
}

/**
 * The neutral reader, for where tough-cookie is not loaded (a browser, where scripts never see
 * Set-Cookie anyway, or Response used without the Node entry): RFC 6265's parse, expiry and
 * domain match, but no list of public suffixes.
 */
function readSetCookieLines(lines: readonly string[], url: URL | undefined): CookieDetails[] {
  const host = url?.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  // Cookie expiry is wall-clock time (Expires is a date), the clock the Node jar uses too.
  const now = asyncScheduler.now();
  const kept: CookieDetails[] = [];
  for (const line of lines) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    if (eq <= 0 || name === '') continue;
    const cookie: CookieDetails = {
      name,
      value: pair.slice(eq + 1).trim(),
      domain: '',
      path: '',
      secure: false,
      httpOnly: false,
    };
    let maxAge: number | undefined;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const value = at === -1 ? '' : attribute.slice(at + 1).trim();
      if (key === 'domain') cookie.domain = value.replace(/^\./, '').toLowerCase();
      else if (key === 'path') cookie.path = value;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'samesite') cookie.sameSite = value.toLowerCase();
      else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
      else if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
    }
    if (maxAge !== undefined) cookie.expires = new Date(maxAge <= 0 ? 0 : now + maxAge * 1000);
    if (host !== undefined && url !== undefined) {
      if (cookie.domain && !domainMatch(host, cookie.domain)) continue;
      cookie.domain ||= host;
      if (!cookie.path.startsWith('/')) cookie.path = defaultPath(url.pathname);
    }
    cookie.path ||= '/';
    putCookie(kept, cookie);
  }
  return kept.filter((cookie) => cookie.expires === undefined || cookie.expires.getTime() > now);
}

/** RFC 6265's domain-match: the host is the domain, or a name (not an IP address) ending in `.domain`. */
function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  const isAddress = host.includes(':') || /^[\d.]+$/.test(host);
  return !isAddress && host.endsWith(`.${domain}`);
}

/** RFC 6265's default-path: the request path up to its last `/`, or `/`. */
function defaultPath(path: string): string {
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}
