import { concat, concatMap, endWith, ignoreElements, Observable, of, type Subscriber, switchMap } from 'rxjs';
import { type Cookie, type CookieJar, MemoryCookieStore } from 'tough-cookie';
import type { HeadersEvent } from '../events.ts';
import type { Request, RequestExtensions } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import { LayerSubscriber } from '../pipeline/layer-subscriber.ts';
import type { Middleware, TransportEvent } from '../transports/transport.ts';
import { ClientCookies } from './cookie-jar.ts';

/**
 * The Cookie header this layer built for a hop, and the part of it that was the request's own.
 * Keyed by the hop's extensions, which a layer above that re-issues the hop's request (a
 * redirect built from `response.request`) carries along: the jar's part is then rebuilt for the
 * new URL instead of being taken for the request's own cookies.
 */
const built = new WeakMap<RequestExtensions, { line: string; own: readonly string[] }>();

/**
 * The cookie jar on every hop: adds a `Cookie` header with the jar's cookies for the hop's URL
 * (domain, path, Secure only over https, expiry) and the every-host cookies, and stores every
 * `Set-Cookie` of the hop's response in the jar. Put it below `redirects()` so it runs per hop.
 *
 * A request's own `Cookie` header (per-request `cookies`, or `headers`) is kept and wins per
 * name; no header is added when there is nothing to send. Set-Cookie lines the jar rejects
 * (malformed, another domain, a public suffix) are ignored; an error of the store itself fails
 * the request.
 *
 * With a synchronous store (tough-cookie's in-memory one) everything happens synchronously in
 * the event stream. With an asynchronous store the hop is sent once its cookies are read, and
 * its events from `headers` on are held until its cookies are stored.
 *
 * @example
 * const via = compose(new ConnectionPool(), redirects(), cookies(new ClientCookies({ theme: 'dark' })));
 */
export function cookies(jar: ClientCookies = new ClientCookies()): Middleware {
  return (request, next) =>
    new Observable<TransportEvent>((subscriber) => {
      const url = request.url;
      const store = jar.jar;
      if (!store.store.synchronous) {
        return answer<Cookie[]>((done) => store.getCookies(url, undefined, done))
          .pipe(
            switchMap((found) => next(withCookies(request, found ?? [], jar.everyHost(url)))),
            concatMap((event) => (event.type === 'headers' ? storedThen(store, url, event) : of(event))),
          )
          .subscribe(subscriber);
      }
      // In-memory: all of it in the event stream, synchronously, in one layer.
      const found = isEmptyMemoryStore(store) ? [] : store.getCookiesSync(url);
      const everyHost = jar.everyHost(url);
      const hop =
        found.length === 0 && everyHost.length === 0 ? request : withCookies(request, found, everyHost);
      next(hop).subscribe(new StoringSubscriber(subscriber, store, url));
    });
}

/** Stores each hop's Set-Cookie lines in an in-memory jar as its headers pass: one object per hop. */
class StoringSubscriber extends LayerSubscriber<TransportEvent> {
  readonly #store: CookieJar;
  readonly #url: URL;

  constructor(destination: Subscriber<TransportEvent>, store: CookieJar, url: URL) {
    super(destination);
    this.#store = store;
    this.#url = url;
  }

  protected override _next(event: TransportEvent): void {
    if (event.type === 'headers') {
      for (const line of setCookieLines(event.response))
        this.#store.setCookieSync(line, this.#url, { ignoreError: true });
    }
    this.destination.next(event);
  }
}

/** The event, once every Set-Cookie line of its response is in the (asynchronous) jar, in order. */
function storedThen(store: CookieJar, url: URL, event: HeadersEvent): Observable<TransportEvent> {
  const lines = setCookieLines(event.response);
  if (lines.length === 0) return of(event);
  const each = lines.map((line) =>
    answer<Cookie | undefined>((done) => store.setCookie(line, url, { ignoreError: true }, done)),
  );
  return concat(...each).pipe(ignoreElements(), endWith(event));
}

/**
 * True for tough-cookie's own in-memory store while it holds nothing: most clients never get a
 * cookie, and this spares each of their requests a look-up (a few microseconds).
 */
function isEmptyMemoryStore(jar: CookieJar): boolean {
  const store = jar.store;
  if (store.constructor !== MemoryCookieStore) return false;
  for (const _domain in (store as MemoryCookieStore).idx) return false;
  return true;
}

function setCookieLines(response: Response): string[] {
  return response.headers.getListKey('set-cookie');
}

/**
 * The hop's request with one `Cookie` header: its own cookies first, then the jar's for its URL
 * (unless the request has one of that name), then the every-host ones (unless either has).
 */
function withCookies(
  request: Request,
  found: readonly Cookie[],
  everyHost: readonly (readonly [string, string])[],
): Request {
  const present = request.headers.getList('cookie');
  const mark = built.get(request.extensions);
  const ours = mark !== undefined && present.join('; ') === mark.line;
  const own = ours ? mark.own : present.flatMap(pieces);
  const names = new Set(own.map(nameOf));
  const added: string[] = [];
  for (const cookie of found) if (!names.has(cookie.key)) added.push(cookie.cookieString());
  for (const cookie of found) names.add(cookie.key);
  for (const [name, value] of everyHost) {
    if (names.has(name)) continue;
    names.add(name);
    added.push(`${name}=${value}`);
  }
  if (added.length === 0 && !ours) return request;

  const line = [...own, ...added].join('; ');
  const headers = request.headers.copy();
  if (line) headers.set('Cookie', line);
  else headers.delete('cookie');
  const extensions = { ...request.extensions };
  built.set(extensions, { line, own });
  return request.with({ headers, extensions });
}

/** `a=1; b=2` → `['a=1', 'b=2']`. */
function pieces(header: string): string[] {
  return header
    .split(';')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
}

function nameOf(piece: string): string {
  const eq = piece.indexOf('=');
  return (eq === -1 ? piece : piece.slice(0, eq)).trim();
}

/**
 * A tough-cookie callback call as a cold Observable: emits the result once and completes, or
 * errors. No Promise is involved on our side.
 */
function answer<T>(
  start: (done: (error: Error | null, result?: T) => void) => void,
): Observable<T | undefined> {
  return new Observable<T | undefined>((subscriber) => {
    try {
      start((error, result) => {
        if (error) return subscriber.error(error);
        subscriber.next(result);
        subscriber.complete();
      });
    } catch (error) {
      subscriber.error(error);
    }
  });
}
