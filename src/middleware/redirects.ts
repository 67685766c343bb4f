import { concat, defer, map, type Observable, of, throwError } from 'rxjs';
import { describe } from '../config/describe.ts';
import { ownValue } from '../config/own.ts';
import { StreamConsumed, TooManyRedirects } from '../errors.ts';
import { TOKEN } from '../models/headers.ts';
import { redirectRequest } from '../models/redirect-request.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import type { Handler, Middleware, TransportEvent } from '../transports/transport.ts';
import { type Continuation, takeOver } from './take-over.ts';

export interface RedirectOptions {
  /**
   * The most redirects followed for one request: the response that would be redirect number
   * `maxRedirects + 1` fails the request with `TooManyRedirects` (so `0` follows none). A
   * non-negative integer, or `Infinity`.
   * @default 20
   */
  maxRedirects?: number;
  /**
   * Follow redirects when the request's `extensions.followRedirects` does not say.
   * @default true
   */
  follow?: boolean;
  /**
   * Header names stripped on a hop to another origin, besides `Authorization`, `Cookie` and
   * `Proxy-Authorization` (any casing).
   * @default []
   * @example
   * redirects({ sensitiveHeaders: ['X-Api-Key'] })
   */
  sensitiveHeaders?: readonly string[];
}

/**
 * Follows redirects: a 301, 302, 303, 307 or 308 response with a `Location` header is
 * answered by sending the request {@link redirectRequest} builds (method, body and
 * credentials as browsers and httpx treat them), as many times as `maxRedirects` allows.
 *
 * Events: each hop's events up to its `headers` pass on (`sent`, `upload`, …); the rest of a
 * redirect hop is discarded, never decoded nor kept (`isDiscarded`; its `content` throws
 * `ResponseNotRead`): read raw to its end when it is at most 64 KiB, so the connection is
 * reused, else its connection is closed (see `takeOver`). Then come
 * `{ type: 'redirect', response, request }` and the next hop's events. The final response's
 * `history` lists the redirect responses, oldest first; each redirect response's `nextRequest`
 * is the request that followed it.
 *
 * Errors, raised once the redirect response has been read and before the next hop is sent:
 * `TooManyRedirects`; `RemoteProtocolError` for a `Location` that is not a URL;
 * `UnsupportedProtocol` for one that is not http or https; `StreamConsumed` when the next hop
 * needs a body that could be sent only once.
 *
 * A request whose `extensions.followRedirects` is `false` (or `follow: false` without one) is
 * passed through: every event unchanged, and a redirect response gets `nextRequest` (or
 * `null` when its `Location` cannot be followed).
 *
 * Unsubscribing aborts the hop under way; no further hop is sent.
 *
 * @example
 * const via = compose(new ConnectionPool(), redirects({ maxRedirects: 5 }));
 */
export function redirects(options: RedirectOptions = {}): Middleware {
  const maxRedirects = ownValue(options, 'maxRedirects', options.maxRedirects) ?? 20;
  const follow = ownValue(options, 'follow', options.follow) ?? true;
  if (!(maxRedirects === Infinity || (Number.isInteger(maxRedirects) && maxRedirects >= 0))) {
    throw new RangeError(
      `maxRedirects must be a whole number >= 0 or Infinity, not ${describe(maxRedirects)}`,
    );
  }
  if (typeof follow !== 'boolean')
    throw new TypeError(`redirects({ follow }) must be true or false, not ${describe(follow)}`);
  const sensitive = sensitiveNames(ownValue(options, 'sensitiveHeaders', options.sensitiveHeaders));
  return (request, next) => {
    // Not following: a redirect response works out its own `nextRequest` when asked.
    if (!(ownValue(request.extensions, 'followRedirects', request.extensions.followRedirects) ?? follow))
      return next(request);
    return hop(next, maxRedirects, sensitive, request, []);
  };
}

/** One hop of a followed chain: its events, then (if it redirects) the rest of the chain. */
function hop(
  next: Handler,
  maxRedirects: number,
  sensitive: readonly string[],
  request: Request,
  history: readonly Response[],
): Observable<TransportEvent> {
  const stamp = (response: Response): void => {
    response.history = [...history];
  };
  const decide = (response: Response): Continuation | undefined => {
    if (!response.hasRedirectLocation) return undefined;
    let following: Request;
    try {
      following = nextHop(request, response, history.length, maxRedirects, sensitive);
    } catch (error) {
      return () => throwError(() => error);
    }
    response.nextRequest = following;
    return (finished) => {
      stamp(finished);
      finished.nextRequest = following;
      return concat(
        of<TransportEvent>({ type: 'redirect', response: finished, request: following }),
        defer(() => hop(next, maxRedirects, sensitive, following, [...history, finished])),
      );
    };
  };
  return next(request).pipe(
    map((event) => {
      if (event.type === 'headers' || event.type === 'response') stamp(event.response);
      return event;
    }),
    takeOver(decide),
  );
}

/** The request after redirect number `followed + 1`, or why there is none. */
function nextHop(
  request: Request,
  response: Response,
  followed: number,
  maxRedirects: number,
  sensitive: readonly string[],
): Request {
  if (followed >= maxRedirects) {
    throw new TooManyRedirects(
      `Exceeded the maximum of ${maxRedirects} redirects: ${request.method} ${request.url.href} ` +
        `was redirected again (${response.status})`,
      request,
    );
  }
  const following = redirectRequest(request, response, sensitive);
  if (following.body !== null && !following.body.replayable) {
    throw new StreamConsumed(
      `The ${response.status} redirect needs the request body again, but it could be sent only once: ` +
        'give a replayable body (bytes, a string, a Blob…) to follow it',
    );
  }
  return following;
}

/** `sensitiveHeaders` lower-cased, or a `TypeError` unless it is an array of header names. */
export function sensitiveNames(names: unknown): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string' && TOKEN.test(name)))
    throw new TypeError(
      `sensitiveHeaders must be an array of header names such as ['X-Api-Key'], not ${describe(names)}`,
    );
  return names.map((name: string) => name.toLowerCase());
}
