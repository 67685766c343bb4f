import type { Agent } from 'undici';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import { Limits, type LimitsInit } from '../options.ts';
import { type HttpVersions, httpVersions } from './http-versions.ts';
import { ProxySettings } from './proxy.ts';
import { type PoolTls, poolTls } from './tls.ts';
import type { CertOption, VerifyOption } from './tls-options.ts';

export interface ConnectionPoolOptions {
  /** Server certificate checking. @default true */
  verify?: VerifyOption;
  /** A client certificate. @default none */
  cert?: CertOption;
  /** How many connections, and how many kept idle for how long. @default new Limits() */
  limits?: Limits | LimitsInit;
  /** Read `SSL_CERT_FILE` from the environment. @default true */
  trustEnv?: boolean;
  /**
   * Speak HTTP/1.1. With `http1: false` (and `http2: true`) every connection must be HTTP/2: a
   * TLS server whose ALPN answer is not h2 fails the request with `UnsupportedProtocol`, and so
   * does a plain `http:` URL before anything is sent (h2c is not spoken).
   * @default true
   */
  http1?: boolean;
  /**
   * Speak HTTP/2 where the server agrees: TLS connections offer h2 (then http/1.1) by ALPN, and an
   * origin that chose h2 carries all its requests over one multiplexed connection. Plain `http:`
   * stays HTTP/1.1. `response.httpVersion` says which was used.
   * @default false
   */
  http2?: boolean;
  /**
   * Send every request through this proxy (`http://`, `https://`, `socks5://`, `socks5h://` URL,
   * or a `Proxy`); the environment's proxy variables are the client's business, not the pool's.
   * @default none: direct connections
   */
  proxy?: string | URL | ProxySettings | null;
}

const POOL_OPTION_NAMES: ReadonlySet<string> = new Set([
  'verify',
  'cert',
  'limits',
  'trustEnv',
  'http1',
  'http2',
  'proxy',
]);

/** The most bytes of header names and values in one response head (undici counts them as they arrive). */
export const MAX_HEAD_SIZE = 64 * 1024;

/** A pool's options read (own properties only) and checked, defaults filled in. */
export interface PoolSettings {
  readonly limits: Limits;
  readonly httpVersions: HttpVersions;
  readonly proxy: ProxySettings | undefined;
  readonly tls: PoolTls;
  /** What its undici agents are made with (their connector aside). */
  readonly agent: Agent.Options;
}

export function poolSettings(options: ConnectionPoolOptions): PoolSettings {
  checkOptionNames('ConnectionPool', options, POOL_OPTION_NAMES);
  const limits = Limits.from(own(options, 'limits'));
  const versions = httpVersions(own(options, 'http1'), own(options, 'http2'));
  const proxy = own(options, 'proxy');
  return {
    limits,
    httpVersions: versions,
    proxy: proxy === undefined || proxy === null ? undefined : ProxySettings.from(proxy),
    tls: poolTls(own(options, 'verify') ?? true, own(options, 'cert'), own(options, 'trustEnv') ?? true),
    // undici's own timers are off (0): the phase timeouts above the transport decide, per
    // request, and a `timeout: null` request really waits as long as it takes.
    agent: {
      connections: limits.maxConnections,
      // undici wants positive times; an expiry of 0 closes every connection after its request.
      keepAliveTimeout: Math.max(limits.keepaliveExpiry, 1),
      keepAliveMaxTimeout: Math.max(limits.keepaliveExpiry, 1),
      allowH2: versions.http2,
      headersTimeout: 0,
      bodyTimeout: 0,
      // Fixed, not Node's --max-http-header-size: a longer response head is a RemoteProtocolError.
      maxHeaderSize: MAX_HEAD_SIZE,
    },
  };
}
