import { describe } from '../config/describe.ts';
import { noProxyMatcher } from './no-proxy.ts';

/** The proxies the environment names, by the scheme of the URL they are for. */
export interface EnvironmentProxies {
  /** `http_proxy`, else `HTTP_PROXY`. */
  http: URL | undefined;
  /** `https_proxy`, else `HTTPS_PROXY`. */
  https: URL | undefined;
  /** `all_proxy`, else `ALL_PROXY`: for a scheme that has none of its own. */
  all: URL | undefined;
  /** `no_proxy`, else `NO_PROXY` (see noProxyMatcher): whether a URL goes direct. */
  direct: (url: URL) => boolean;
}

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/**
 * The proxy variables of `env`, as curl and httpx read them: the lower-case name before the
 * upper-case one, an empty value as unset, a value without a scheme as `http://` (curl's
 * reading of `proxy.local:3128`). A value that is no URL, or of a scheme no proxy here speaks,
 * is a `TypeError` naming the variable: a proxy the user meant is never silently skipped.
 */
export function environmentProxies(env: Readonly<Record<string, string | undefined>>): EnvironmentProxies {
  /** The variable's value and the name it was found under: the lower-case one first. */
  const read = (name: string): [value: string, found: string] | undefined => {
    for (const found of [name.toLowerCase(), name.toUpperCase()]) {
      const value = env[found]?.trim();
      if (value) return [value, found];
    }
    return undefined;
  };
  const proxy = (name: string): URL | undefined => {
    const given = read(name);
    if (given === undefined) return undefined;
    const [value, found] = given;
    const written = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    const url = URL.canParse(written) ? new URL(written) : undefined;
    if (url === undefined || !PROXY_SCHEMES.has(url.protocol) || url.hostname === '')
      throw new TypeError(
        `${found} must be a proxy URL such as http://proxy.local:3128 (http, https, socks5 or socks5h), not ${describe(value)}`,
      );
    return url;
  };
  return {
    http: proxy('http_proxy'),
    https: proxy('https_proxy'),
    all: proxy('all_proxy'),
    direct: noProxyMatcher(read('no_proxy')?.[0]),
  };
}

/** The environment's proxy for `url`: its scheme's, else ALL_PROXY's; none when NO_PROXY sends it direct. */
export function environmentProxyFor(proxies: EnvironmentProxies, url: URL): URL | undefined {
  if (proxies.direct(url)) return undefined;
  return (url.protocol === 'https:' ? proxies.https : proxies.http) ?? proxies.all;
}
