import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { ownValue } from '../config/own.ts';
import type { TimeoutOption } from '../config/timeout.ts';
import type { RequestContent } from '../content/content.ts';
import { encodeBody } from '../content/encode.ts';
import type { BodyInit } from '../content/types.ts';
import { LocalProtocolError, RequestNotRead } from '../errors.ts';
import type { AuthOption } from '../middleware/auth/types.ts';
import { REQUEST_INIT_NAMES } from '../options.ts';
import { Headers, type HeadersInit } from './headers.ts';
import type { QueryParamsInit } from './params.ts';
import { appendParams, parseUrl } from './url.ts';

/** Cookies sent with one request: `{ name: value }` or `[[name, value], …]`. */
export type CookiesInit = Record<string, string> | Iterable<readonly [string, string]>;

/**
 * Per-request settings for transports and middleware. Unknown keys are kept and passed along.
 */
export interface RequestExtensions {
  /**
   * The request target sent on the wire instead of the URL's path and query, e.g. `'*'` for
   * `OPTIONS *`.
   * @default the URL's path and query
   */
  target?: string;
  /**
   * This request's phase timeouts, replacing the client's; `null` disables them. Set from
   * `RequestOptions.timeout`.
   * @default the client's `timeout`
   */
  timeout?: TimeoutOption;
  /**
   * This request's authentication, replacing the client's; `null` disables it. Set from
   * `RequestOptions.auth`.
   * @default the client's `auth`
   */
  auth?: AuthOption;
  /**
   * Whether this request follows redirects. Set from `RequestOptions.followRedirects`.
   * @default the client's `followRedirects`
   */
  followRedirects?: boolean;
  [key: string]: unknown;
}

/** What {@link Request.with} may replace. */
export interface RequestChanges {
  method?: string;
  /** A new URL; the `Host` header follows it. */
  url?: URL;
  /** Used as they are (not copied). */
  headers?: Headers;
  /** The same body object is shared unless replaced; `null` removes it (drop its headers yourself). */
  body?: RequestContent | null;
  extensions?: RequestExtensions;
}

export interface RequestInit extends BodyInit {
  /** Query parameters appended after the URL's own query. */
  params?: QueryParamsInit | null;
  headers?: HeadersInit | null;
  /** Sent as one `Cookie` header. */
  cookies?: CookiesInit | null;
  extensions?: RequestExtensions;
}

const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EMPTY = new Uint8Array(0);
const BODY_EXPECTED = new Set(['POST', 'PUT', 'PATCH']);

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
    if (extensions !== undefined && (typeof extensions !== 'object' || extensions === null))
      throw new TypeError(
        `extensions must be an object such as { target: '*' }, not ${describe(extensions)}`,
      );
    this.extensions = { ...extensions };
    this.body = encodeBody(init);

    // The host comes from a parsed URL: no need to check it as a header value.
    const headers = Headers.fromRaw(['Host', this.url.host]);
    const given = ownValue(init, 'headers', init.headers);
    if (given) headers.update(given);
    const cookies = ownValue(init, 'cookies', init.cookies);
    if (cookies) addCookies(headers, cookies);
    addBodyHeaders(headers, this.method, this.body);
    this.headers = headers;
  }

  /**
   * A copy with some parts replaced, without re-encoding the body: what middleware use to
   * re-issue a request (a redirect hop, an auth retry). Headers are copied unless given.
   */
  with(changes: RequestChanges): Request {
    const copy = Object.create(Request.prototype) as { -readonly [K in keyof Request]: Request[K] };
    // Own properties only: an inherited `headers` or `body` is no change.
    const url = ownValue(changes, 'url', changes.url);
    const body = ownValue(changes, 'body', changes.body);
    copy.method = ownValue(changes, 'method', changes.method) ?? this.method;
    copy.url = url ?? this.url;
    copy.headers = ownValue(changes, 'headers', changes.headers) ?? this.headers.copy();
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

function addCookies(headers: Headers, cookies: CookiesInit): void {
  const pairs =
    Symbol.iterator in cookies ? [...(cookies as Iterable<[string, string]>)] : Object.entries(cookies);
  const line = pairs.map(([name, value]) => `${name}=${value}`).join('; ');
  if (!line) return;
  const existing = headers.get('cookie');
  headers.set('Cookie', existing ? `${existing}; ${line}` : line);
}

function addBodyHeaders(headers: Headers, method: string, body: RequestContent | null): void {
  if (body === null) {
    if (BODY_EXPECTED.has(method) && !headers.has('content-length')) headers.append('Content-Length', '0');
    return;
  }
  for (const [name, value] of body.headers) if (!headers.has(name)) headers.append(name, value);
  if (headers.has('content-length') || headers.has('transfer-encoding')) return;
  if (body.length === undefined) headers.append('Transfer-Encoding', 'chunked');
  else headers.append('Content-Length', String(body.length));
}
