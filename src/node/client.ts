import { Buffer } from 'node:buffer';
import { BaseClient } from '../client.ts';
import { own } from '../config/own.ts';
import { useByteAllocator } from '../content/bytes.ts';
import type { ClientOptions } from '../options.ts';
import type { Transport } from '../transports/transport.ts';
import { ClientCookies } from './cookie-jar.ts';
import { cookies } from './cookies.ts';
import { netrcLookup } from './netrc-auth.ts';
import { ConnectionPool } from './pool.ts';

// Wherever the Node client is loaded, joined bodies skip the zero-fill: memory of its own, not
// cleared before the copy fills it, handed out as a plain Uint8Array (content/bytes.ts).
useByteAllocator((size) => new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size));

/** An HTTP client over one shared undici connection pool. See {@link BaseClient}. */
export class Client extends BaseClient {
  /** The cookie jar: Set-Cookie from every response is stored here and sent where it applies. */
  readonly cookies: ClientCookies;

  constructor(options: ClientOptions = {}) {
    const jar = new ClientCookies(
      typeof options === 'object' && options !== null ? own(options, 'cookies') : undefined,
    );
    super(options, { cookies: cookies(jar), netrc: netrcLookup() });
    this.cookies = jar;
  }

  protected createDefaultTransport(options: ClientOptions): Transport {
    const { verify, cert, limits, trustEnv } = options;
    return new ConnectionPool({ verify, cert, limits, trustEnv });
  }
}
