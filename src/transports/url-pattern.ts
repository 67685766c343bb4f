import { describe } from '../config/describe.ts';

/**
 * A mount's URL pattern, as httpx writes them: `'all://'`, `'http://'`, `'https://example.com'`,
 * `'all://*.example.com'` (subdomains only), `'all://*example.com'` (the domain and its
 * subdomains), `'https://example.com:8443'`, `'http://[::1]'`. `all` is any scheme; no host is
 * any host; no port is any port.
 */
export class UrlPattern {
  readonly pattern: string;
  readonly #scheme: string;
  readonly #host: string;
  readonly #hostMatch: ((host: string) => boolean) | undefined;
  readonly #port: number | undefined;

  constructor(pattern: string) {
    const parts = /^(all|http|https):\/\/(\*?[^/:[\]]*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i.exec(pattern);
    if (parts === null)
      throw new TypeError(
        `A mount pattern is a scheme (all, http or https), '://' and optionally a host ('*.' for its subdomains) and a port, such as 'all://', 'https://example.com' or 'all://*.example.com:8443', not ${describe(pattern)}`,
      );
    this.pattern = pattern;
    this.#scheme = parts[1]!.toLowerCase();
    this.#host = parts[2]!.toLowerCase();
    this.#port = parts[3] === undefined ? undefined : Number(parts[3]);
    this.#hostMatch = hostMatcher(this.#host);
  }

  matches(url: URL): boolean {
    const scheme = url.protocol.slice(0, -1);
    if (this.#scheme !== 'all' && this.#scheme !== scheme) return false;
    if (this.#hostMatch !== undefined && !this.#hostMatch(url.hostname)) return false;
    return this.#port === undefined || this.#port === portOf(url);
  }

  /**
   * httpx's order, most specific first: a pattern with a port before one without, then the
   * longer host, then the longer scheme (`https` and `http` before `all`).
   */
  static compare(a: UrlPattern, b: UrlPattern): number {
    const byPort = Number(a.#port === undefined) - Number(b.#port === undefined);
    if (byPort !== 0) return byPort;
    return b.#host.length - a.#host.length || b.#scheme.length - a.#scheme.length;
  }
}

function hostMatcher(host: string): ((host: string) => boolean) | undefined {
  if (host === '' || host === '*') return undefined;
  if (host.startsWith('*.')) {
    const suffix = host.slice(1);
    return (name) => name.endsWith(suffix) && name.length > suffix.length;
  }
  if (host.startsWith('*')) {
    const domain = host.slice(1);
    return (name) => name === domain || name.endsWith(`.${domain}`);
  }
  return (name) => name === host;
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
