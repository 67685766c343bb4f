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
   * Routes by `mounts`, and gives every response its `timings`, stamped on the client's
   * scheduler right above the transports (the browser client's responses have none: its
   * bundle would carry the code, and the browser tells no connection phases).
   */
  protected override routeTransports(transport: Transport, options: NodeClientOptions): Transport {
    const { mounts } = options;
    const routed =
      mounts === undefined || Object.keys(mounts).length === 0
        ? transport
        : new MountedTransport(transport, mounts);
    return new TimedTransport(routed, this.scheduler);
  }

  protected createDefaultTransport(options: NodeClientOptions): Transport {
    const { verify, cert, limits, trustEnv } = options;
    return new ConnectionPool({ verify, cert, limits, trustEnv });
  }
}
