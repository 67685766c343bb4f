import { BaseClient } from '../client.ts';
import { own } from '../config/own.ts';
import type { ClientOptions } from '../options.ts';
import type { Transport } from '../transports/transport.ts';
import { ClientCookies } from './cookie-jar.ts';
import { cookies } from './cookies.ts';
import { netrcLookup } from './netrc-auth.ts';
import { ConnectionPool } from './pool.ts';

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
