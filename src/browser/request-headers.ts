import { LocalProtocolError } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';

/**
 * The request headers a page may not set (the Fetch standard's forbidden request-header
 * names): the browser writes them itself, and refuses (with a console error) a script that
 * tries. `Host`, `Content-Length`, `Connection` and `Cookie` are among them: the browser
 * derives them from the URL, the body, its own pool and its own cookie store.
 */
const FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

function isForbidden(lowerName: string): boolean {
  return FORBIDDEN.has(lowerName) || lowerName.startsWith('proxy-') || lowerName.startsWith('sec-');
}

/**
 * The request's headers a browser lets a page send, in order, raw casing kept; the others the
 * browser writes itself. A `Cookie` header (the `cookies` option, or one set by hand) is a
 * `LocalProtocolError` rather than dropped without a word: the browser would send its own
 * cookies instead, and only through `withCredentials` / `credentials`.
 */
export function sendableHeaders(request: Request): [string, string][] {
  if (request.headers.hasKey('cookie'))
    throw new LocalProtocolError(
      `${request.method} ${urlForMessage(request.url)}: a page cannot send a Cookie header (the cookies option or a header of its own); the browser sends its own cookies for the origin, to other origins with withCredentials (XHR) or credentials: 'include' (fetch)`,
      request,
    );
  return [...request.headers].filter(([name]) => !isForbidden(name.toLowerCase()));
}
