import { RemoteProtocolError, UnsupportedProtocol } from '../errors.ts';
import type { Headers } from './headers.ts';
import type { Request, RequestExtensions } from './request.ts';

/**
 * Headers that are credentials: they never go to another origin (scheme, host or port). The
 * cookie jar adds its own cookies again for each hop's URL, so only cookies set by hand are lost.
 */
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];

/** Headers that describe the body (besides every `Content-*`): they go when the body goes. */
const BODY_HEADERS = new Set(['transfer-encoding', 'trailer', 'expect', 'digest']);

const FOLLOWED_SCHEMES = new Set(['http:', 'https:']);

/**
 * The method of the request that follows a redirect: 302 and 303 ask for a retrieval, so any
 * method but HEAD becomes GET; 301 turns only POST into GET (what every browser does); 307
 * and 308 keep the method.
 */
export function redirectMethod(method: string, status: number): string {
  if ((status === 302 || status === 303) && method !== 'HEAD') return 'GET';
  if (status === 301 && method === 'POST') return 'GET';
  return method;
}

/**
 * Where a redirect points: `Location` resolved against the URL of the request it answers
 * (relative, `/absolute-path`, `../x` and `//host/x` all work), without any userinfo, and with
 * that request's fragment when `Location` has none.
 *
 * Throws `RemoteProtocolError` when `Location` is missing, given twice with different values,
 * or not a URL; `UnsupportedProtocol` when it points to a scheme other than http or https.
 */
export function redirectUrl(request: Request, response: { status: number; headers: Headers }): URL {
  const locations = [...new Set(response.headers.getList('location'))];
  if (locations.length !== 1) {
    const problem = locations.length === 0 ? 'has no Location header' : 'has several Location headers';
    throw new RemoteProtocolError(`The ${response.status} redirect ${problem}`, request);
  }
  const location = locations[0]!;
  let url: URL;
  try {
    url = new URL(location, request.url);
  } catch (cause) {
    throw new RemoteProtocolError(`Invalid redirect Location ${JSON.stringify(location)}`, request, {
      cause,
    });
  }
  if (!FOLLOWED_SCHEMES.has(url.protocol)) {
    throw new UnsupportedProtocol(
      `Redirect to the ${url.protocol} scheme is not followed (Location ${JSON.stringify(location)})`,
      request,
    );
  }
  // Credentials in a Location are never used: the auth layer decides what a request carries.
  url.username = '';
  url.password = '';
  if (!location.includes('#')) url.hash = request.url.hash;
  return url;
}

/** True when both URLs have the same scheme, host and port (default ports count as given). */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

/**
 * The request that follows a redirect `response` to `request`. Its method: 302 and 303 turn
 * any method but HEAD into GET, 301 turns only POST into GET, 307 and 308 keep the method.
 * Its URL: `Location` resolved against `request.url`, without userinfo, with the request's
 * fragment when `Location` has none. Then:
 *
 * - a request that becomes a retrieval (302/303, or 301 after POST) loses its body and every
 *   header about it (`Content-*`, `Transfer-Encoding`, `Trailer`, `Expect`, `Digest`);
 * - a hop to another origin loses `Authorization`, `Cookie`, `Proxy-Authorization` and the
 *   `sensitive` names, in any casing (so an https→http hop never carries `Authorization`);
 * - `Host` follows the URL; the body object is shared, not re-encoded (whether it can be sent
 *   again is the caller's question: `next.body?.replayable`);
 * - the extensions are kept, except `target`, which named the first URL's request target.
 *
 * Throws `RemoteProtocolError` when `Location` is missing, repeated with different values or
 * not a URL, and `UnsupportedProtocol` for a scheme other than http or https. Pure: `request`
 * and `response` are left as they were. Of `response` it reads only the status and headers.
 */
export function redirectRequest(
  request: Request,
  response: { status: number; headers: Headers },
  sensitive: readonly string[] = [],
): Request {
  const url = redirectUrl(request, response);
  const method = redirectMethod(request.method, response.status);
  const retrieval = response.status === 302 || response.status === 303 || method !== request.method;
  const headers = request.headers.copy();
  if (retrieval) dropBodyHeaders(headers);
  if (!sameOrigin(request.url, url)) {
    for (const name of CREDENTIALS) headers.delete(name);
    for (const name of sensitive) headers.delete(name);
  }
  return request.with({
    method,
    url,
    headers,
    body: retrieval ? null : request.body,
    extensions: withoutTarget(request.extensions),
  });
}

function dropBodyHeaders(headers: Headers): void {
  for (const name of headers.keys()) {
    if (name.startsWith('content-') || BODY_HEADERS.has(name)) headers.delete(name);
  }
}

function withoutTarget(extensions: RequestExtensions): RequestExtensions {
  if (!('target' in extensions)) return extensions;
  const { target: _target, ...rest } = extensions;
  return rest;
}
