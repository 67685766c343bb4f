import { checkBoolean } from '../client-options.ts';
import { describe } from '../config/describe.ts';
import { UnsupportedProtocol } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { isOddTarget } from './odd-target.ts';

/** The HTTP versions a connection pool may speak: httpx's `http1` and `http2` options. */
export interface HttpVersions {
  /** HTTP/1.1 may be used: offered by ALPN over TLS, and the only version over plain http. */
  readonly http1: boolean;
  /** HTTP/2 may be used: offered by ALPN over TLS (h2c, HTTP/2 over plain TCP, is not spoken). */
  readonly http2: boolean;
}

/**
 * Checks the `http1` and `http2` options (booleans, not both false) and returns them with their
 * defaults (`http1: true`, `http2: false`). Throws a TypeError naming the option and the value.
 */
export function httpVersions(http1: unknown, http2: unknown): HttpVersions {
  checkBoolean('http1', http1);
  checkBoolean('http2', http2);
  const versions = { http1: http1 !== false, http2: http2 === true };
  if (!versions.http1 && !versions.http2)
    throw new TypeError(
      `http1: false needs http2: true (at least one HTTP version must be allowed), not http2: ${describe(http2)}`,
    );
  return versions;
}

/**
 * What undici's connector is given for them: `allowH2` makes TLS offer h2 by ALPN (h2 first,
 * then http/1.1); without it only http/1.1 is offered and h2 is never negotiated.
 */
export function alpnOptions(versions: HttpVersions): { allowH2: boolean; preferH2?: boolean } {
  return versions.http2 ? { allowH2: true, preferH2: true } : { allowH2: false };
}

/** HTTP/2 only (`http1: false`): a TLS connection whose ALPN did not pick h2 cannot be used. */
export function requiresH2(versions: HttpVersions): boolean {
  return !versions.http1;
}

/** The error for a TLS connection to `origin` on which the server did not choose h2 while h2 is required. */
export function notH2(origin: string, alpn: string | false | undefined): UnsupportedProtocol {
  const chose = typeof alpn === 'string' && alpn !== '' ? alpn : 'none';
  return new UnsupportedProtocol(
    `The server at ${origin} did not choose HTTP/2 by ALPN (it chose ${chose}), and http1 is false: set http1: true to allow HTTP/1.1`,
  );
}

/**
 * Why `request` cannot be sent when only HTTP/2 is allowed, or undefined when it can: a plain
 * `http:` URL (h2c, HTTP/2 without TLS, is not spoken) or an odd request target such as
 * `OPTIONS *` (written into HTTP/1.1 request lines only).
 */
export function notForH2(request: Request): UnsupportedProtocol | undefined {
  const { url } = request;
  if (url.protocol === 'http:')
    return new UnsupportedProtocol(
      `${url.origin} is plain http, which is HTTP/1.1 only here (h2c, HTTP/2 without TLS, is not supported), and http1 is false: use https: or set http1: true`,
      request,
    );
  if (isOddTarget(request.target))
    return new UnsupportedProtocol(
      `The request target ${JSON.stringify(request.target)} can only be sent over HTTP/1.1, and http1 is false: set http1: true`,
      request,
    );
  return undefined;
}
