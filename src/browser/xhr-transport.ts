import { Observable, type Subscriber } from 'rxjs';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import { deliveryOf } from '../models/delivery.ts';
import type { Request } from '../models/request.ts';
import { ResponseBody } from '../transports/response-body.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { credentialsOf } from './browser-extensions.ts';
import { browserNetworkError } from './network-error.ts';
import { withPlatformBody } from './request-body.ts';
import { sendableHeaders } from './request-headers.ts';
import { browserHead, declaredTotal, parseHeaderBlock } from './response-head.ts';

export interface XhrTransportOptions {
  /**
   * Whether cross-origin requests carry the browser's cookies and HTTP authentication, and
   * may set cookies (XHR's `withCredentials`; the server must allow it with
   * `Access-Control-Allow-Credentials`). A request's `extensions.credentials` overrides it:
   * `'include'` sets it, `'same-origin'` and `'omit'` clear it.
   * @default false
   */
  withCredentials?: boolean;
  /**
   * Makes the `XMLHttpRequest` of each request, as Angular's `XhrFactory` does.
   * @default () => new XMLHttpRequest()
   */
  createXhr?: () => XMLHttpRequest;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['withCredentials', 'createXhr']);
const HEADERS_RECEIVED = 2;

/**
 * The browser's default transport, over `XMLHttpRequest`: `upload` events from
 * `xhr.upload.onprogress`, `headers` as soon as they arrive, `download` progress, and the body
 * as the request's `delivery` asks: one `ArrayBuffer` when it is wanted whole and unwatched
 * (`get()`), else chunks as they arrive (read as x-user-defined text, one character a byte:
 * `events()` and `stream()`). Unsubscribing calls `abort()`. The browser owns the connection, its pool, cookies and
 * redirects (it follows them before the response is seen: `response.url` is the final URL), and
 * says neither when a connection opened nor which HTTP version it spoke: the time before the
 * first upload progress or the response head counts as `connect`.
 */
export class XhrTransport implements Transport {
  readonly #withCredentials: boolean;
  readonly #createXhr: () => XMLHttpRequest;

  /** Throws a `TypeError` for an unknown option or a value of the wrong kind. */
  constructor(options: XhrTransportOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`new XhrTransport(options) takes an options object, not ${describe(options)}`);
    checkOptionNames('XhrTransport', options, OPTION_NAMES);
    const withCredentials = own(options, 'withCredentials') ?? false;
    if (typeof withCredentials !== 'boolean')
      throw new TypeError(`withCredentials must be true or false, not ${describe(withCredentials)}`);
    const createXhr = own(options, 'createXhr') ?? (() => new XMLHttpRequest());
    if (typeof createXhr !== 'function')
      throw new TypeError(
        `createXhr must be a function returning an XMLHttpRequest, not ${describe(createXhr)}`,
      );
    this.#withCredentials = withCredentials;
    this.#createXhr = createXhr;
  }

  handle(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      const credentials = credentialsOf(request);
      const exchange = new XhrExchange(subscriber, request, this.#createXhr());
      exchange.start(credentials === undefined ? this.#withCredentials : credentials === 'include');
      return () => exchange.cancel();
    });
  }

  /** Nothing to close: the browser owns the connections. */
  async close(): Promise<void> {}
}

/** One request on one `XMLHttpRequest`, from `open()` to the end of its body. */
class XhrExchange {
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #request: Request;
  readonly #xhr: XMLHttpRequest;
  /** The body comes as x-user-defined text, read into `chunk`s as it arrives. */
  readonly #streaming: boolean;
  #body: ResponseBody | null = null;
  /** Body bytes the progress events counted so far. */
  #loaded = 0;
  /** Characters of `responseText` already emitted as chunks. */
  #taken = 0;
  #over = false;

  constructor(subscriber: Subscriber<TransportEvent>, request: Request, xhr: XMLHttpRequest) {
    this.#subscriber = subscriber;
    this.#request = request;
    this.#xhr = xhr;
    // Chunks are wanted as they arrive when the body streams or its progress is watched
    // (delivery); a body wanted whole and unwatched comes as one ArrayBuffer.
    const delivery = deliveryOf(request.extensions);
    this.#streaming = delivery.body === 'stream' || delivery.progress;
  }

  start(withCredentials: boolean): void {
    const xhr = this.#xhr;
    const request = this.#request;
    xhr.open(request.method, request.url.href);
    if (this.#streaming) xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.responseType = this.#streaming ? 'text' : 'arraybuffer';
    xhr.withCredentials = withCredentials;
    for (const [name, value] of sendableHeaders(request)) xhr.setRequestHeader(name, value);
    xhr.onreadystatechange = () => {
      if (xhr.readyState !== HEADERS_RECEIVED) return;
      // Once: every later state change (one per arriving piece of the body) would be a wasted dispatch.
      xhr.onreadystatechange = null;
      this.#head();
    };
    xhr.onprogress = (event) => this.#progress(event);
    xhr.onload = (event) => this.#load(event);
    xhr.onerror = (event) => this.#fail(event, 'a network error');
    xhr.onabort = (event) => this.#fail(event, 'the browser aborted it');
    xhr.ontimeout = (event) => this.#fail(event, 'the browser timed it out');
    const content = request.body;
    if (content !== null) {
      // Listened to whenever there is a body, so the write phase is timed (for a cross-origin
      // request this makes the browser ask the server first, a CORS preflight).
      xhr.upload.onprogress = (event) => {
        const total = content.length ?? (event.lengthComputable ? event.total : undefined);
        const loaded = event.loaded;
        this.#subscriber.next(
          total === undefined ? { type: 'upload', loaded } : { type: 'upload', loaded, total },
        );
      };
      xhr.upload.onload = () => this.#subscriber.next({ type: 'written' });
    }
    withPlatformBody(
      content,
      (body) => {
        if (!this.#over) xhr.send(body);
      },
      (error: unknown) => this.#end(() => this.#subscriber.error(error)),
    );
  }

  cancel(): void {
    if (this.#over) return;
    this.#end(() => this.#xhr.abort());
  }

  #head(): void {
    const xhr = this.#xhr;
    // Status 0: no response (a network or CORS failure): its error event follows.
    if (this.#body !== null || xhr.status === 0) return;
    const headers = parseHeaderBlock(xhr.getAllResponseHeaders());
    const head = browserHead(this.#request, xhr.status, xhr.statusText, headers, xhr.responseURL);
    this.#body = new ResponseBody(this.#subscriber, this.#request, head, declaredTotal(headers));
    this.#body.begin();
  }

  #progress(event: ProgressEvent): void {
    this.#head();
    const body = this.#body;
    if (body === null) return;
    if (event.loaded > this.#loaded) {
      body.received(event.loaded - this.#loaded);
      this.#loaded = event.loaded;
    }
    if (this.#streaming) this.#takeText(body);
  }

  /** The text that arrived since the last look, back to bytes: x-user-defined maps byte b to U+F700 + b (b ≥ 0x80) or b. */
  #takeText(body: ResponseBody): void {
    const text = this.#xhr.responseText;
    if (text.length <= this.#taken) return;
    const bytes = new Uint8Array(text.length - this.#taken);
    for (let i = 0; i < bytes.length; i++) bytes[i] = text.charCodeAt(this.#taken + i) & 0xff;
    this.#taken = text.length;
    body.data(bytes);
  }

  #load(event: ProgressEvent): void {
    if (this.#xhr.status === 0) {
      this.#fail(event, 'no response');
      return;
    }
    this.#progress(event);
    const body = this.#body!;
    if (!this.#streaming) {
      const buffer = this.#xhr.response as ArrayBuffer | null;
      if (buffer !== null && buffer.byteLength > 0) body.data(new Uint8Array(buffer));
    }
    this.#end(() => body.end());
  }

  #fail(event: ProgressEvent, what: string): void {
    const error = browserNetworkError(this.#request, event, this.#body !== null, what);
    this.#end(() => this.#subscriber.error(error));
  }

  /** Once: the handlers go (an `abort()` fires none of them), then `last`. */
  #end(last: () => void): void {
    if (this.#over) return;
    this.#over = true;
    const xhr = this.#xhr;
    xhr.onreadystatechange = xhr.onprogress = xhr.onload = xhr.onerror = xhr.onabort = xhr.ontimeout = null;
    xhr.upload.onprogress = xhr.upload.onload = null;
    last();
  }
}
