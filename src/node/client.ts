import { Buffer } from 'node:buffer';
import { BaseClient } from '../client.ts';
import { own } from '../config/own.ts';
import { useByteAllocator } from '../content/bytes.ts';
import { TimedTransport } from '../middleware/timings.ts';
import { MountedTransport } from '../transports/mounted.ts';
import type { Transport } from '../transports/transport.ts';
import { NODE_CLIENT_OPTIONS } from './check-options.ts';
import { ClientCookies } from './cookie-jar.ts';
import { cookies } from './cookies.ts';
import { NODE_DEFAULT_HEADERS } from './default-headers.ts';
import { netrcLookup } from './netrc-auth.ts';
import type { NodeClientOptions } from './options.ts';
import { ConnectionPool } from './pool.ts';
import type { ProxySettings } from './proxy.ts';
import { ProxyRoutes } from './proxy-routes.ts';
import './type-table.ts';

// Wherever the Node client is loaded, joined bodies skip the zero-fill: memory of its own, not
// cleared before the copy fills it, handed out as a plain Uint8Array (content/bytes.ts).
useByteAllocator((size) => new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size));

/** An HTTP client over one shared undici connection pool. See {@link BaseClient}. */
export class Client extends BaseClient {
  /** The cookie jar: Set-Cookie from every response is stored here and sent where it applies. */
  readonly cookies: ClientCookies;

  constructor(options: NodeClientOptions = {}) {
    // Read before the options are checked (by BaseClient): own properties only, and an options
    // value that is no object is left for that check to refuse.
    const given = typeof options === 'object' && options !== null ? options : {};
    const jar = new ClientCookies(own(given, 'cookies'));
    super(options, {
      cookies: cookies(jar),
      netrc: own(given, 'trustEnv') === false ? undefined : netrcLookup(),
      options: NODE_CLIENT_OPTIONS,
      defaultHeaders: NODE_DEFAULT_HEADERS,
    });
    this.cookies = jar;
  }

  /**
   * User mounts first, then the proxies (`proxy`, else the environment's), then `transport`:
   * a mount wins over any proxy, and a `null` mount goes to `transport` itself. As in httpx, the
   * environment's proxies are not used with a `transport` of the user's. Every response gets
   * its `timings`, stamped on the client's scheduler right above the transports (the browser
   * client's responses have none: its bundle would carry the code, and the browser tells no
   * connection phases).
   */
  protected override routeTransports(transport: Transport, options: NodeClientOptions): Transport {
    const { mounts = {}, proxy, trustEnv = true } = options;
    const fromEnv = trustEnv && options.transport === undefined;
    const proxied = ProxyRoutes.of(transport, proxy, fromEnv, (via) => pool(options, via));
    const routed =
      Object.keys(mounts).length === 0
        ? (proxied ?? transport)
        : new MountedTransport(proxied ?? transport, mounts, transport);
    return new TimedTransport(routed, this.scheduler);
  }

  protected createDefaultTransport(options: NodeClientOptions): Transport {
    return pool(options, undefined);
  }
}

/** A connection pool with the client's TLS settings and limits, direct or through `proxy`. */
function pool(options: NodeClientOptions, proxy: ProxySettings | undefined): ConnectionPool {
  const { verify, cert, limits, trustEnv, http1, http2 } = options;
  return new ConnectionPool({ verify, cert, limits, trustEnv, http1, http2, proxy });
}
