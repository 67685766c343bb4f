import { BaseClient } from '../client.ts';
import { defaultHeaders as startingHeaders } from '../default-headers.ts';
import type { Headers } from '../models/headers.ts';
import type { ClientOptions } from '../options.ts';
import type { Transport } from '../transports/transport.ts';
import { XhrTransport } from './xhr-transport.ts';

/**
 * An HTTP client in the browser, over `XMLHttpRequest` unless `transport` says otherwise (a
 * `FetchTransport` streams bodies). See {@link BaseClient}. The browser owns what Node's client
 * does itself: cookies (sent by `withCredentials` / `credentials`), the connection pool, TLS,
 * proxies, compression and, for its own transports, redirects.
 */
export class Client extends BaseClient {
  /** Without `baseUrl`, a relative URL resolves against the page's address, as fetch does. */
  constructor(options: ClientOptions = {}) {
    super(options, { pageAddress });
  }

  protected createDefaultTransport(): Transport {
    return new XhrTransport();
  }
}

/** The page's (or a worker's) address, where there is one. */
function pageAddress(): string | undefined {
  const scope = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return scope.document?.baseURI ?? scope.location?.href;
}

/**
 * The headers every browser `Client` starts with: `Accept: *\/*` alone (a page may not set
 * Accept-Encoding, Connection or User-Agent: the browser does). A fresh `Headers` on each call.
 */
export function defaultHeaders(): Headers {
  return startingHeaders();
}
