import { ConnectError, ReadError, type RequestError } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';

/**
 * The error for a browser request that failed below HTTP, the native event or error as its
 * `cause`. A browser tells a script nothing more (the reason is in its console, on purpose):
 * before any response it is a `ConnectError` (unreachable, refused, TLS, or a response the
 * CORS check refused), after the head a `ReadError` (the body was cut off).
 */
export function browserNetworkError(
  request: Request,
  cause: unknown,
  afterHead: boolean,
  what = 'the request failed',
): RequestError {
  const target = `${request.method} ${urlForMessage(request.url)}`;
  if (afterHead)
    return new ReadError(`${target}: the response body was cut off (${what})`, request, { cause });
  return new ConnectError(
    `${target}: the browser got no response (${what}): the server is unreachable, refused the connection or its TLS, or the response failed the CORS check; the browser's console says which`,
    request,
    { cause },
  );
}
