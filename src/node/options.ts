import type { CookieJar } from 'tough-cookie';
import type { CookiesInit } from '../models/request.ts';
import type { ClientOptions, RequestOptions } from '../options.ts';
import type { Mounts } from '../transports/mounted.ts';
import type { ProxyOption } from './proxy-routes.ts';
import type { CertOption, VerifyOption } from './tls-options.ts';

/** The client's `cookies` option: cookies for every host, or a cookie jar the user owns. */
export type CookiesOption = CookiesInit | CookieJar;

/**
 * The options of the Node `Client`: the neutral {@link ClientOptions} and what Node adds, the
 * TLS settings of the default connection pool, the environment and the cookie jar.
 */
export interface NodeClientOptions extends ClientOptions {
  /**
   * Server certificate checking of the default transport and of its proxies: `true` (Node's
   * bundled CA store), `'system'` (the operating system's store), `false` (do not check: for
   * tests only), the path of a PEM CA bundle, or TLS settings.
   * @default true
   */
  verify?: VerifyOption;
  /**
   * Client certificate of the default transport: a PEM file holding both,
   * `[certFile, keyFile, password?]`, or `{ cert, key, passphrase? }`.
   * @default none
   */
  cert?: CertOption;
  /**
   * Read settings from the environment: `SSL_CERT_FILE` (a CA bundle) or `SSL_CERT_DIR` (a folder
   * of CA certificates) replaces the CA store when `verify` is `true`, and credentials missing
   * from `auth` and the URL are looked up by host in `$NETRC` or ~/.netrc.
   * @default true
   */
  trustEnv?: boolean;
  /**
   * Speak HTTP/1.1 over the default transport. `http1: false` with `http2: true` requires HTTP/2:
   * a server whose TLS (ALPN) answer is not h2 fails the request with `UnsupportedProtocol`, and so
   * does a plain `http:` URL, before anything is sent (h2c, HTTP/2 without TLS, is not spoken).
   * @default true
   */
  http1?: boolean;
  /**
   * Speak HTTP/2 over the default transport where the server agrees: https connections offer h2
   * (then http/1.1) by ALPN, and an origin that chose h2 carries its requests over one
   * multiplexed connection. Plain `http:` stays HTTP/1.1; `response.httpVersion` says which was used.
   * @default false
   */
  http2?: boolean;
  /**
   * Cookies: `{ name: value }` or pairs sent to every host, or a tough-cookie `CookieJar` you
   * own. Set-Cookie from every response is stored (see `client.cookies`).
   * @default an empty in-memory jar
   */
  cookies?: CookiesOption;
  /**
   * Transports for some URLs, by pattern, as httpx's `mounts`: `'all://'`, `'http://'`,
   * `'https://example.com'`, `'all://*.example.com'` (its subdomains), `'all://*example.com'`
   * (it and its subdomains), `'https://example.com:8443'`. A request goes to the most specific
   * pattern its URL matches (one with a port first, then the longer host, then the longer
   * scheme), each redirect hop anew; `null` sends it over the default transport. Mounted
   * transports close with the client and count in `String(client)`.
   * @default {}: every request over `transport`
   */
  mounts?: Mounts;
  /**
   * A proxy for every request: `'http://proxy.local:3128'`, `'https://…'`, `'socks5://…'`,
   * `'socks5h://…'` (credentials in the URL), or a `Proxy` for credentials, headers and the
   * forward/tunnel mode. It acts as an `all://` mount: `mounts` win over it, and a `null` mount
   * goes direct. `null` means no proxy at all, the environment's included.
   * @default undefined: with `trustEnv`, the environment's `HTTP_PROXY`, `HTTPS_PROXY` and
   * `ALL_PROXY` (minus `NO_PROXY`); else none
   */
  proxy?: ProxyOption;
}

/** The option names the Node client adds to the neutral ones (`CLIENT_OPTION_NAMES`). */
export const NODE_CLIENT_OPTION_NAMES: ReadonlySet<string> = new Set([
  'verify',
  'cert',
  'trustEnv',
  'http1',
  'http2',
  'cookies',
  'mounts',
  'proxy',
]);

/** The settings a one-off request gives its throw-away Node client. */
export type OneOffClientOptions = Pick<
  NodeClientOptions,
  'verify' | 'cert' | 'trustEnv' | 'http1' | 'http2' | 'proxy'
>;

/** The names of {@link OneOffClientOptions}, taken off a one-off request's options. */
export const ONE_OFF_CLIENT_OPTION_NAMES = [
  'verify',
  'cert',
  'trustEnv',
  'http1',
  'http2',
  'proxy',
] as const satisfies readonly (keyof OneOffClientOptions)[];

/** A one-off request's options (`get(url, { … })`): the request's own, plus the settings of its throw-away client. */
export interface OneOffOptions extends RequestOptions {
  /**
   * Server certificate checking of the throw-away client, as the client option `verify`.
   * @default true
   */
  verify?: VerifyOption;
  /**
   * Client certificate of the throw-away client, as the client option `cert`.
   * @default none
   */
  cert?: CertOption;
  /**
   * Whether the throw-away client reads the environment, as the client option `trustEnv`.
   * @default true
   */
  trustEnv?: boolean;
  /**
   * Whether the throw-away client speaks HTTP/1.1, as the client option `http1`.
   * @default true
   */
  http1?: boolean;
  /**
   * Whether the throw-away client offers HTTP/2, as the client option `http2`.
   * @default false
   */
  http2?: boolean;
  /**
   * The proxy of the throw-away client, as the client option `proxy`.
   * @default undefined: with `trustEnv`, the environment's
   */
  proxy?: ProxyOption;
}
