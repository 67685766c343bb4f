import { describe } from '../config/describe.ts';
import { DecodingError, HttpStatusError, ResponseNotRead } from '../errors.ts';
import { type DefaultEncoding, decodeText, encodingFromContentType } from './charset.ts';
import { Cookies } from './cookies.ts';
import type { Headers } from './headers.ts';
import { type Link, parseLinks } from './links.ts';
import { redirectRequest } from './redirect-request.ts';
import type { Request } from './request.ts';
import { HEAD_READ, type HttpVersion, initialBody, type ResponseInit, readInit } from './response-init.ts';
import { reasonPhraseFor } from './status.ts';
import type { Timings } from './timings.ts';
import { urlForMessage } from './url.ts';

export type { HttpVersion, ResponseInit };

const DISCARDED =
  'The body of this response was discarded unread: another request took its place (a followed redirect, ' +
  'a retry or an answered auth challenge), so it was neither decoded nor kept.';
type BodyState = 'unread' | 'read' | 'streamed' | 'discarded';

/** One HTTP response. Its body is `'unread'` in a `headers` event and read in the final `response`. */
export class Response {
  readonly status: number;
  readonly reasonPhrase: string;
  readonly httpVersion: HttpVersion;
  readonly headers: Headers;
  readonly extensions: Record<string, unknown>;
  /**
   * The responses of earlier hops (redirects, auth challenges answered), oldest first. Their
   * bodies were discarded unread (`isDiscarded`), unless an auth flow asked for them.
   */
  history: Response[] = [];

  /** Time from sending the request to the end of the response, in ms (the client's scheduler). */
  elapsed = 0;
  /** Each phase's ms, frozen (Node; `download`, `total` once the body is in; none in browsers). */
  timings: Timings | undefined = undefined;
  /** Body bytes received so far as they came off the wire: after chunked framing, before decoding. */
  numBytesDownloaded = 0;
  /** Used when neither `encoding` nor the Content-Type charset says how to read `text`. */
  defaultEncoding: DefaultEncoding = 'utf-8';

  #request: Request | undefined;
  #content: Uint8Array | undefined;
  #state: BodyState;
  #encoding: string | undefined;
  #text: string | undefined;
  #cookies: Cookies | undefined;
  #nextRequest: Request | null | undefined;

  constructor(status: number, init: ResponseInit = {}) {
    if (!(typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 999))
      throw new RangeError(`new Response(status) takes a status from 100 to 999, not ${describe(status)}`);
    if (typeof init !== 'object' || init === null)
      throw new TypeError(`new Response(status, init) takes an init object, not ${describe(init)}`);
    const read = init[HEAD_READ];
    const head = read ?? readInit(init);
    this.status = status;
    this.reasonPhrase = head.reasonPhrase ?? reasonPhraseFor(status);
    this.httpVersion = head.httpVersion ?? 'HTTP/1.1';
    this.headers = head.ownHeaders ? head.headers : head.headers.copy();
    this.extensions = { ...head.extensions };
    this.#request = head.request;
    this.#state = 'unread';
    // A transport's head: its body is still to come.
    if (read !== undefined) return;
    const body = initialBody(init);
    this.#state = 'read';
    this.#content = body?.bytes ?? new Uint8Array(0);
    if (body) {
      if (body.type && !this.headers.has('content-type')) this.headers.set('Content-Type', body.type);
      if (!this.headers.has('content-length') && !this.headers.has('transfer-encoding')) {
        this.headers.set('Content-Length', body.bytes.length);
      }
    }
  }

  /** The request this responds to. Throws when the response was built without one. */
  get request(): Request {
    if (!this.#request)
      throw new Error('This response has no request: pass one to new Response(…, { request })');
    return this.#request;
  }

  set request(request: Request) {
    this.#request = request;
  }

  /** The URL of the request this responds to. */
  get url(): URL {
    return this.request.url;
  }

  /**
   * The body's bytes, decoded from any Content-Encoding. Throws `ResponseNotRead` if streamed,
   * or discarded (see {@link isDiscarded}).
   */
  get content(): Uint8Array {
    if (this.#state === 'read') return this.#content!;
    if (this.#state === 'discarded') throw new ResponseNotRead(DISCARDED);
    throw new ResponseNotRead();
  }

  /** True once the body is in memory. */
  get isRead(): boolean {
    return this.#state === 'read';
  }

  /** True when the body was delivered as `chunk` events and not kept. */
  get isStreamed(): boolean {
    return this.#state === 'streamed';
  }

  /**
   * True when the body was dropped unread because another request took this response's place:
   * a followed redirect, a retried response, an answered auth challenge (the responses in
   * `history` and in `retry` events). Such a body is never decoded nor kept, so a compressed
   * body cannot blow up in memory; its connection is reused when the rest of it is small.
   */
  get isDiscarded(): boolean {
    return this.#state === 'discarded';
  }

  /**
   * The character encoding of `text`: the one set here, else the Content-Type charset, else
   * `defaultEncoding` (a name, or a function of the body bytes).
   */
  get encoding(): string {
    if (this.#encoding) return this.#encoding;
    const declared = encodingFromContentType(this.headers.get('content-type'));
    if (declared) return declared;
    const fallback = this.defaultEncoding;
    return typeof fallback === 'function'
      ? fallback(this.#state === 'read' ? this.#content! : new Uint8Array())
      : fallback;
  }

  set encoding(value: string) {
    if (this.#text !== undefined) throw new Error('Set the encoding before reading response.text');
    this.#encoding = value;
  }

  /**
   * The body as text, in `encoding`, as the WHATWG Encoding standard decodes it, except that
   * ISO-8859-1 (`iso-8859-1`, `latin1`, …) is one code point per byte, as in httpx, where
   * `TextDecoder` would give windows-1252.
   */
  get text(): string {
    this.#text ??= decodeText(this.content, this.encoding);
    return this.#text;
  }

  /**
   * The body parsed as JSON. A body that is not JSON is a `DecodingError` naming the request,
   * the Content-Type and the start of the body, with the `SyntaxError` as its `cause`.
   */
  json<T = unknown>(): T {
    const text = this.text;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      const request = this.#request;
      const where = request ? `${request.method} ${urlForMessage(request.url)}` : `A ${this.status} response`;
      const type = this.headers.get('content-type');
      const reason = cause instanceof Error ? cause.message : String(cause);
      const start = text === '' ? 'the body is empty' : `the body starts ${describe(text)}`;
      throw new DecodingError(
        `${where}: response.json() found no JSON in the body${type ? ` (Content-Type: ${type})` : ''}: ${reason}; ${start}`,
        request,
        { cause },
      );
    }
  }

  /**
   * The cookies the response sets (`Set-Cookie`), as a cookie jar would keep them for the
   * request's URL: expired ones (`Max-Age=0`, a past `Expires`), malformed ones and those for
   * another domain or a public suffix are left out. Read on first use; changes to them are kept.
   */
  get cookies(): Cookies {
    this.#cookies ??= Cookies.fromSetCookie(this.headers.getList('set-cookie'), this.#request?.url);
    return this.#cookies;
  }

  /**
   * The request a redirect response points to: the one that followed it when redirects were
   * followed, else the one that would (worked out from `request` and `Location` on first
   * read), or `null` for a response that is no redirect or whose `Location` cannot be followed.
   */
  get nextRequest(): Request | null {
    if (this.#nextRequest === undefined) this.#nextRequest = this.#pointsTo();
    return this.#nextRequest;
  }

  set nextRequest(request: Request | null) {
    this.#nextRequest = request;
  }

  #pointsTo(): Request | null {
    if (this.#request === undefined || !this.hasRedirectLocation) return null;
    try {
      return redirectRequest(this.#request, this);
    } catch {
      // A Location that is no URL, or not http(s): the response itself is the answer.
      return null;
    }
  }

  /** The `Link` header, keyed by `rel` (or URL when there is no rel). */
  get links(): Record<string, Link> {
    return parseLinks(this.headers.get('link'));
  }

  get isInformational(): boolean {
    return this.status >= 100 && this.status < 200;
  }
  get isSuccess(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get isRedirect(): boolean {
    return this.status >= 300 && this.status < 400;
  }
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
  get isServerError(): boolean {
    return this.status >= 500 && this.status < 600;
  }
  get isError(): boolean {
    return this.status >= 400 && this.status < 600;
  }
  /** A redirect status that a client follows (301, 302, 303, 307, 308) with a `Location`. */
  get hasRedirectLocation(): boolean {
    return [301, 302, 303, 307, 308].includes(this.status) && this.headers.has('location');
  }

  /** Returns the response when 2xx; throws `HttpStatusError` otherwise. */
  raiseForStatus(): this {
    if (this.isSuccess) return this;
    const kind = this.isInformational
      ? 'Informational response'
      : this.isRedirect
        ? 'Redirect response'
        : this.isClientError
          ? 'Client error'
          : this.isServerError
            ? 'Server error'
            : 'Invalid status code';
    let message = `${kind} '${this.#statusLine()}' for ${this.request.method} ${this.url.href}`;
    const location = this.headers.get('location');
    if (this.isRedirect && location) message += ` (redirect to ${location})`;
    throw new HttpStatusError(message, this.request, this);
  }

  /**
   * Marks the body as not yet received (a transport's response at its `headers` event).
   * @internal
   */
  _begin(): this {
    this.#content = undefined;
    this.#state = 'unread';
    return this;
  }

  /** Marks the body as complete. Called by transports and the client's pipeline. @internal */
  _finish(content: Uint8Array | undefined): this {
    this.#content = content;
    this.#state = content === undefined ? 'streamed' : 'read';
    this.#text = undefined;
    return this;
  }

  /**
   * Marks the body as unwanted: a layer took the hop over (see `takeOver`). A transport that
   * reads `isDiscarded` stops decoding and delivering it.
   * @internal
   */
  _discard(): this {
    this.#content = undefined;
    this.#state = 'discarded';
    this.#text = undefined;
    return this;
  }

  toString(): string {
    return `<Response [${this.#statusLine()}]>`;
  }

  /** `200 OK`, or just `299` when the status has no reason phrase. */
  #statusLine(): string {
    return this.reasonPhrase ? `${this.status} ${this.reasonPhrase}` : String(this.status);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
