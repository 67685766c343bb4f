import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { ownValue } from '../config/own.ts';
import type { RequestContent } from '../content/content.ts';
import { encodeBody } from '../content/encode.ts';
import type { BodyInit } from '../content/types.ts';
import { LocalProtocolError, RequestNotRead } from '../errors.ts';
import { addBodyHeaders, checkFraming } from './body-headers.ts';
import { Headers, type HeadersInit } from './headers.ts';
import type { QueryParams, QueryParamsInit } from './params.ts';
import type { RequestExtensions } from './request-extensions.ts';
import { checkTarget } from './request-target.ts';
import { appendParams, parseUrl } from './url.ts';

export type { RequestExtensions };

/** Cookies sent with one request: `{ name: value }` or `[[name, value], …]`. */
export type CookiesInit = Record<string, string> | Iterable<readonly [string, string]>;

/**
 * Header changes for {@link Request.with}: a record (a name mapped to `null` or `undefined` is
 * removed, an array gives several values) or `[name, value]` pairs (a name given twice gets
 * both values). Each name given replaces every value the request had for it; names compare
 * without case.
 */
export type HeaderChanges =
  | Record<string, string | number | readonly string[] | null | undefined>
  | Iterable<readonly [string, string]>;

/**
 * What {@link Request.with} may replace. Each part left out is kept from the request.
 *
 * @example
 * // A middleware that adds a header and drops another, keeping the rest:
 * const tracing: Middleware = (request, next) =>
 *   next(request.with({ headers: { 'X-Request-Id': crypto.randomUUID(), 'X-Debug': null } }));
 */
export interface RequestChanges {
  /**
   * The new method, e.g. `'GET'` after a 303; upper-cased and checked as `new Request` does.
   * @default the request's method
   * @example
   * request.with({ method: 'HEAD' })
   */
  method?: string;
  /**
   * A new URL; the `Host` header follows it.
   * @default the request's URL
   * @example
   * request.with({ url: new URL(request.url.pathname, 'https://mirror.example.com') })
   */
  url?: URL;
  /**
   * A record or pairs ({@link HeaderChanges}) merge over a copy of the request's headers, per
   * name; `{ 'X-Debug': null }` removes one. A `Headers` instance is the whole new set instead,
   * used as it is (not copied): build it from `request.headers.copy()` to keep the rest.
   * Names and values are checked as everywhere: CR, LF or NUL raise `LocalProtocolError`.
   * @default a copy of the request's headers
   * @example
   * request.with({ headers: { Authorization: `Bearer ${token}` } })   // add or override one
   * request.with({ headers: new Headers({ Host: request.url.host }) }) // replace them all
   */
  headers?: Headers | HeaderChanges;
  /**
   * A new body; `null` removes it (drop its `Content-*` headers yourself).
   * @default the request's body object, shared (not re-encoded)
   * @example
   * request.with({ method: 'GET', body: null, headers: { 'Content-Type': null, 'Content-Length': null } })
   */
  body?: RequestContent | null;
  /**
   * New extensions, replacing the request's as a whole: spread them to keep the rest.
   * @default the request's extensions object
   * @example
   * request.with({ extensions: { ...request.extensions, timeout: 1000 } })
   */
  extensions?: RequestExtensions;
}

/**
 * What `new Request(method, url, init)` takes besides method and URL: the body fields of
 * {@link BodyInit} and these. Unknown names are a `TypeError`. Client requests take
 * `RequestOptions`, which extend these: there `params`, `headers` and `cookies` merge with the
 * client's (the request wins per name).
 */
export interface RequestInit extends BodyInit {
  /**
   * Query parameters appended after the URL's own query (which is kept): a record (an array
   * value repeats the name), `[name, value]` pairs, a query string, `URLSearchParams` or
   * `QueryParams`. `true`/`false` are sent as words, `null` as an empty value.
   * @default null: the URL's own query only (in a client request: the client's params)
   * @example
   * new Request('GET', 'https://api.example.com/items?sort=name', { params: { page: 2, tag: ['a', 'b'] } })
   * // → https://api.example.com/items?sort=name&page=2&tag=a&tag=b
   * client.get('/items', { params: { page: 2 } }) // merged with the client's params
   */
  params?: QueryParamsInit | null;
  /**
   * The request headers, after `Host` (which follows the URL): a record (an array value gives
   * several), `[name, value]` pairs or a `Headers`. A body's `Content-Type`/`Content-Length`
   * are added only when missing here. A name that is no token, or a value with CR, LF or NUL,
   * throws `LocalProtocolError`.
   * @default null: only Host and the body's headers (in a client request: the client's headers)
   * @example
   * new Request('GET', 'https://api.example.com/', { headers: { Accept: 'application/json' } })
   * client.get('/users', { headers: { Accept: 'application/json', 'X-Request-Id': id } })
   */
  headers?: HeadersInit | null;
  /**
   * Cookies for this request, `{ name: value }` or pairs, added to the `Cookie` header (after
   * one given in `headers`), as one line: `a=1; b=2`.
   * @default null: no Cookie header of its own (in a client request: the client's cookies)
   * @example
   * new Request('GET', 'https://example.com/', { cookies: { session: 'abc', theme: 'dark' } })
   * client.get('/dashboard', { cookies: { theme: 'dark' } })
   */
  cookies?: CookiesInit | null;
  /**
   * Settings for transports and middleware ({@link RequestExtensions}): `target`, `timeout`,
   * `auth`, `followRedirects`, and any key of your own middleware. Copied, not kept.
   * @default {}
   * @example
   * new Request('OPTIONS', 'https://example.com/', { extensions: { target: '*' } })
   * client.options('/', { extensions: { target: '*' } }) // sends OPTIONS *
   */
  extensions?: RequestExtensions;
}

/** The names `RequestInit` accepts, to reject unknown ones instead of ignoring them. */
export const REQUEST_INIT_NAMES: ReadonlySet<string> = new Set([
  'params',
  'headers',
  'cookies',
  'content',
  'data',
  'files',
  'json',
  'extensions',
]);

const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EMPTY = new Uint8Array(0);
const VERBS: ReadonlySet<unknown> = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'POST', 'PUT', 'PATCH']);

/**
 * One HTTP request: method, URL, headers and body. Invalid input (a bad method, URL or header)
 * throws here, synchronously, before anything can be sent.
 */
export class Request {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly extensions: RequestExtensions;
  /** The normalized body, or `null` when there is none. Transports read it. */
  readonly body: RequestContent | null;

  constructor(method: string, url: string | URL, init: RequestInit = {}) {
    if (typeof method !== 'string' || !METHOD.test(method))
      throw new LocalProtocolError(`Invalid HTTP method ${JSON.stringify(method)}`);
    if (typeof init !== 'object' || init === null)
      throw new TypeError(`new Request(method, url, init) takes an init object, not ${describe(init)}`);
    checkOptionNames('request', init, REQUEST_INIT_NAMES);
    this.method = method.toUpperCase();
    // Own properties only, here and in encodeBody: nothing inherited is taken for the user's.
    this.url = appendParams(parseUrl(url), ownValue(init, 'params', init.params));
    const extensions = ownValue(init, 'extensions', init.extensions);
    if (extensions !== undefined && extensions !== null && typeof extensions !== 'object')
      throw new TypeError(
        `extensions must be an object such as { target: '*' }, not ${describe(extensions)}`,
      );
    this.extensions = { ...extensions };
    if (Object.hasOwn(this.extensions, 'target')) checkTarget(this.extensions.target, this.method);
    this.body = encodeBody(init);

    // The host comes from a parsed URL: no need to check it as a header value.
    const headers = Headers.fromRaw(['Host', this.url.host]);
    const given = ownValue(init, 'headers', init.headers);
    if (given) headers.update(given);
    const cookies = ownValue(init, 'cookies', init.cookies);
    if (cookies) addCookies(headers, cookies);
    checkFraming(headers, this.body);
    addBodyHeaders(headers, this.method, this.body);
    this.headers = headers;
  }

  /**
   * A copy with some parts replaced, without re-encoding the body: what middleware use to
   * change a request or re-issue it (a redirect hop, an auth retry). The request itself is
   * left as it was. Headers given as a record or pairs merge over a copy of the request's;
   * a `Headers` instance replaces them all (see {@link RequestChanges}).
   * @throws LocalProtocolError for a method, header name or header value that cannot be sent.
   */
  with(changes: RequestChanges): Request {
    const copy = blankRequest();
    // Own properties only: an inherited `headers` or `body` is no change.
    const method = ownValue(changes, 'method', changes.method);
    const url = ownValue(changes, 'url', changes.url);
    const headers = ownValue(changes, 'headers', changes.headers);
    const body = ownValue(changes, 'body', changes.body);
    copy.method = method === undefined ? this.method : checkedMethod(method);
    copy.url = url ?? this.url;
    copy.headers = headers instanceof Headers ? headers : merged(this.headers, headers);
    copy.body = body === undefined ? this.body : body;
    copy.extensions = ownValue(changes, 'extensions', changes.extensions) ?? this.extensions;
    if (url && url.host !== this.url.host) copy.headers.set('Host', url.host);
    return copy as Request;
  }

  /** The body's bytes. Throws `RequestNotRead` when the body is a stream. */
  get content(): Uint8Array {
    if (this.body === null) return EMPTY;
    if (this.body.bytes === undefined) throw new RequestNotRead();
    return this.body.bytes;
  }

  /** The request target as sent on the wire: `extensions.target`, or path and query. */
  get target(): string {
    return (
      ownValue(this.extensions, 'target', this.extensions.target) ?? `${this.url.pathname}${this.url.search}`
    );
  }

  toString(): string {
    return `<Request [${this.method} ${this.url.href}]>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

type Blank = { -readonly [K in keyof Request]: Request[K] };

/** A Request whose fields the caller sets, without the constructor's checks. */
function blankRequest(): Blank {
  return Object.create(Request.prototype) as Blank;
}

/**
 * What `new Request(method, url, { headers, params, extensions })` makes, for a client call
 * that gave no options of its own: `headers` and `params` are the client's, checked when they
 * were set, and `extensions` is a fresh object of the client's. Only the method and the URL
 * are checked, as the constructor checks them. Internal: the client's fast path.
 */
export function plainRequest(
  method: string,
  url: string | URL,
  headers: Headers,
  params: QueryParams,
  extensions: RequestExtensions,
): Request {
  const request = blankRequest();
  request.method = checkedMethod(method);
  request.url = appendParams(parseUrl(url), params.size === 0 ? null : params);
  request.headers = Headers.hostThen(request.url.host, headers);
  request.extensions = extensions;
  request.body = null;
  addBodyHeaders(request.headers, request.method, null);
  return request;
}

function checkedMethod(method: string): string {
  if (VERBS.has(method)) return method; // valid and upper-case already
  if (typeof method !== 'string' || !METHOD.test(method))
    throw new LocalProtocolError(`Invalid HTTP method ${JSON.stringify(method)}`);
  return method.toUpperCase();
}

/** A copy of `headers` with `changes` applied: each name given replaces that name's values. */
function merged(headers: Headers, changes: HeaderChanges | undefined): Headers {
  const copy = headers.copy();
  if (changes === undefined) return copy;
  if (Symbol.iterator in changes) return copy.update(changes as Iterable<readonly [string, string]>);
  const updates: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined) copy.delete(name);
    else updates[name] = value;
  }
  return copy.update(updates);
}

function addCookies(headers: Headers, cookies: CookiesInit): void {
  const pairs =
    Symbol.iterator in cookies ? [...(cookies as Iterable<[string, string]>)] : Object.entries(cookies);
  const line = pairs.map(([name, value]) => `${name}=${value}`).join('; ');
  if (!line) return;
  const existing = headers.get('cookie');
  headers.set('Cookie', existing ? `${existing}; ${line}` : line);
}
