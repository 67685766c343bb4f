import { CookieConflict } from '../errors.ts';

export interface CookieScope {
  domain?: string;
  path?: string;
}

interface Entry {
  name: string;
  value: string;
  domain: string;
  path: string;
}

function matches(entry: Entry, name: string, scope: CookieScope | undefined): boolean {
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
  readonly #entries: Entry[] = [];

  constructor(init?: Record<string, string> | Iterable<readonly [string, string]>) {
    if (!init) return;
    const pairs = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of pairs as Iterable<readonly [string, string]>) this.set(name, value);
  }

  /**
   * Reads the name, value, Domain and Path of each `Set-Cookie` line. Given the URL the lines
   * came from, a cookie without Domain gets the URL's host and one without Path the URL's
   * default path (its directory), as a cookie jar would store them.
   */
  static fromSetCookie(lines: readonly string[], url?: URL): Cookies {
    const cookies = new Cookies();
    const host = url?.hostname.replace(/^\[(.*)\]$/, '$1');
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const scope: CookieScope = {};
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const name = key.trim().toLowerCase();
        if (name === 'domain') scope.domain = rest.join('=').trim().replace(/^\./, '').toLowerCase();
        if (name === 'path') scope.path = rest.join('=').trim();
      }
      if (url) {
        scope.domain ||= host;
        if (!scope.path?.startsWith('/')) scope.path = defaultPath(url.pathname);
      }
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim(), scope);
    }
    return cookies;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The value of the one cookie named `name` (in `scope`), `undefined` if none, `CookieConflict` if several. */
  get(name: string, scope?: CookieScope): string | undefined {
    const found = this.#entries.filter((entry) => matches(entry, name, scope));
    if (found.length > 1) {
      throw new CookieConflict(`Several cookies are named ${JSON.stringify(name)}: give a domain or path`);
    }
    return found[0]?.value;
  }

  set(name: string, value: string, scope: CookieScope = {}): this {
    const entry = { name, value, domain: scope.domain ?? '', path: scope.path ?? '/' };
    const at = this.#entries.findIndex(
      (e) => e.name === name && e.domain === entry.domain && e.path === entry.path,
    );
    if (at === -1) this.#entries.push(entry);
    else this.#entries[at] = entry;
    return this;
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
}

/** RFC 6265's default-path: the request path up to its last `/`, or `/`. */
function defaultPath(path: string): string {
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}
