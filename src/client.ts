/// <reference lib="esnext.disposable" preserve="true" />
import type { Observable, SchedulerLike } from 'rxjs';
import { checkBaseUrl, checkClientOptions, checkRequestOptions, checkSendOptions } from './client-options.ts';
import { Limits } from './config/limits.ts';
import { ownValue } from './config/own.ts';
import { Timeout } from './config/timeout.ts';
import { defaultHeaders } from './default-headers.ts';
import type { HttpEvent } from './events.ts';
import type { DefaultEncoding } from './models/charset.ts';
import { DELIVERIES, type Delivery } from './models/delivery.ts';
import type { Headers } from './models/headers.ts';
import { QueryParams } from './models/params.ts';
import { plainRequest, Request } from './models/request.ts';
import type { Response } from './models/response.ts';
import { checkPinned, JoinBase, joinedInput, pageRelativeInput, parseUrl } from './models/url.ts';
import type { ClientOptions, RequestOptions, SendOptions } from './options.ts';
import { Admission } from './pipeline/admission.ts';
import { type CallHost, CallObservable } from './pipeline/call.ts';
import { clientPipeline, type PlatformParts } from './pipeline/pipeline.ts';
import { SEND_SETTINGS, withLimit, withSettings } from './request-settings.ts';
import { SharedTimerScheduler } from './scheduling/shared-timer-scheduler.ts';
import type { Transport } from './transports/transport.ts';

/**
 * An HTTP client: shared configuration and one connection pool for many requests. Every
 * method returns a cold Observable: nothing is sent until you subscribe, each subscription
 * sends anew, and unsubscribing cancels. The platform entry points (`index.ts`,
 * `browser.ts`) subclass it to give it a default transport.
 */
export abstract class BaseClient implements AsyncDisposable {
  /** The base of relative URLs (its path ends with `/`), if any. */
  readonly baseUrl: URL | undefined;
  /** Sent with every request; change them to affect later requests. */
  readonly headers: Headers;
  /** Added to every request's query. */
  readonly params: QueryParams;
  readonly scheduler: SchedulerLike;
  /** The phase timeouts and total deadline of every request that sets none of its own. */
  readonly timeout: Timeout;
  readonly defaultEncoding: DefaultEncoding;
  /** `maxResponseSize`, put into every request that names none (`undefined`: no limit). */
  readonly #limit: number | undefined;
  /** `baseUrl` as joining reads it. */
  readonly #joinBase: JoinBase | undefined;
  /** Where a relative URL resolves without `baseUrl` (a browser's page), if anywhere. */
  readonly #pageAddress: (() => string | undefined) | undefined;
  /** `allowAbsoluteUrls: false`: every request must stay under `baseUrl`. */
  readonly #pinned: boolean;
  readonly #transport: Transport;
  readonly #pipeline: Transport;
  /** The queue above the pipeline, by `limits.maxConnections`: with the default transport only. */
  readonly #admission: Admission | null;
  /** What every call reads of this client. */
  readonly #host: CallHost;
  #closed = false;
  #closing: Promise<void> | undefined;

  /**
   * Throws for invalid options (a `TypeError`, `RangeError` or, for `baseUrl`, `InvalidUrl`)
   * naming the option, the value it got and what would be right. Only the options' own
   * properties are read.
   */
  constructor(given: ClientOptions = {}, platform: PlatformParts = {}) {
    const options = checkClientOptions(given, platform.options);
    // A browser's page gives a relative baseUrl (`'/api/'`) its origin, as it does relative URLs.
    const page = platform.pageAddress?.();
    const base =
      page === undefined || options.baseUrl === undefined
        ? options.baseUrl
        : pageRelativeInput(options.baseUrl, page);
    this.baseUrl = base === undefined ? undefined : checkBaseUrl(base);
    this.#joinBase = this.baseUrl && new JoinBase(this.baseUrl);
    this.#pageAddress = this.baseUrl === undefined ? platform.pageAddress : undefined;
    this.#pinned = options.allowAbsoluteUrls === false;
    this.headers = defaultHeaders(platform.defaultHeaders);
    if (options.headers) this.headers.update(options.headers);
    this.params = new QueryParams(options.params);
    this.scheduler = options.scheduler ?? new SharedTimerScheduler();
    this.timeout = Timeout.from(options.timeout);
    this.defaultEncoding = options.defaultEncoding ?? 'utf-8';
    this.#limit = options.maxResponseSize ?? undefined;
    this.#transport = this.routeTransports(
      options.transport ?? this.createDefaultTransport(options),
      options,
    );
    this.#admission =
      options.transport === undefined
        ? new Admission(
            Limits.from(options.limits).maxConnections,
            this.scheduler,
            this.timeout,
            () => this.#closed,
          )
        : null;
    // Still no prototype: the pipeline reads only what the user gave.
    const settings = Object.assign(Object.create(null) as ClientOptions, options, {
      scheduler: this.scheduler,
    });
    this.#pipeline = clientPipeline(this.#transport, settings, platform);
    const client = this;
    this.#host = {
      pipeline: this.#pipeline,
      admission: this.#admission,
      settings: this,
      get isClosed() {
        return client.#closed;
      },
    };
  }

  /** The platform's transport, used when `options.transport` is not given. */
  protected abstract createDefaultTransport(options: ClientOptions): Transport;

  /** The transport the client sends through, given its own (Node routes its `mounts` and times responses here). */
  protected routeTransports(transport: Transport, _options: ClientOptions): Transport {
    return transport;
  }

  /** True once `close()` was called: later requests fail with `ClientClosed`. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Builds a request with the client's configuration merged in (headers, params: request wins
   * per name; URL joined to `baseUrl`). Throws on invalid input.
   */
  buildRequest(method: string, url: string | URL, options: RequestOptions = NO_OPTIONS): Request {
    return this.#build(method, url, options, undefined);
  }

  #build(
    method: string,
    url: string | URL,
    options: RequestOptions,
    delivery: Delivery | undefined,
  ): Request {
    // No options: the client's headers and params as they are, nothing else to check or merge.
    if (options === NO_OPTIONS)
      return plainRequest(
        method,
        this.#input(url),
        this.headers,
        this.params,
        delivery === undefined && this.#limit === undefined ? {} : { delivery, maxResponseSize: this.#limit },
      );
    checkRequestOptions(options);
    // Request copies what it is given, so the client's own headers need no copy of their own.
    const given = ownValue(options, 'headers', options.headers);
    const headers = given ? this.headers.copy().update(given) : this.headers;
    const query = ownValue(options, 'params', options.params);
    const params = query ? new QueryParams(this.params).update(query) : this.params;
    // The rest holds own properties only; the settings are read as own properties too.
    const {
      auth: _auth,
      followRedirects: _follow,
      timeout: _timeout,
      maxResponseSize: _size,
      extensions: _extensions,
      ...init
    } = options;
    const own = ownValue(options, 'extensions', options.extensions);
    // Not an object: left to `new Request`, which names the mistake.
    const extensions =
      own === undefined || own === null || typeof own === 'object'
        ? withSettings(own ?? undefined, options, delivery, this.#limit)
        : own;
    return new Request(method, this.#input(url), { ...init, headers, params, extensions });
  }

  /** A request built elsewhere as this client sends it: kept under a pinned `baseUrl`, given its limit. */
  #adopt(request: Request): Request {
    if (this.#pinned) checkPinned(this.baseUrl!, request.url);
    return withLimit(request, this.#limit);
  }

  /** The URL to parse: joined to `baseUrl` (and under it when pinned), or resolved against the page (browsers). */
  #input(url: string | URL): string | URL {
    const page = this.#pageAddress?.();
    if (page !== undefined) return pageRelativeInput(url, page);
    const joined = joinedInput(this.#joinBase, url);
    return this.#pinned ? checkPinned(this.baseUrl!, parseUrl(joined), url) : joined;
  }

  /** Sends a request; emits its `Response` (body read, unless `stream`) once, then completes. */
  request(method: string, url: string | URL, options: RequestOptions = NO_OPTIONS): Observable<Response> {
    return this.#send(() => this.#build(method, url, options, DELIVERIES.response), true, true);
  }

  get(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('GET', url, options);
  }
  head(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('HEAD', url, options);
  }
  options(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('OPTIONS', url, options);
  }
  delete(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('DELETE', url, options);
  }
  post(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('POST', url, options);
  }
  put(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('PUT', url, options);
  }
  patch(url: string | URL, options?: RequestOptions): Observable<Response> {
    return this.request('PATCH', url, options);
  }

  /**
   * Sends a built request; emits its final `Response` once. The request goes as it is (it is the
   * response's `request`) unless a setting (`auth`, `followRedirects`, `timeout`) needs a copy.
   */
  send(request: Request, options: SendOptions = {}): Observable<Response> {
    const stream = ownValue(options, 'stream', options.stream) === true;
    const settings = () => {
      checkSendOptions(options);
      const given = SEND_SETTINGS.some((name) => ownValue(options, name, options[name]) !== undefined);
      // No settings: the request goes as it is (it is `response.request`), with every event.
      if (!given) return this.#adopt(request);
      const delivery = stream ? DELIVERIES.unreadResponse : DELIVERIES.response;
      const extensions = withSettings(request.extensions, options, delivery, this.#limit);
      return this.#adopt(request.with({ extensions }));
    };
    return this.#send(settings, !stream, true);
  }

  /** Every event of a request (`sent`, `upload`, `headers`, `download`, `chunk`, …, `response`), body buffered into the final response. */
  events(request: Request): Observable<HttpEvent>;
  events(method: string, url: string | URL, options?: RequestOptions): Observable<HttpEvent>;
  events(
    methodOrRequest: string | Request,
    url?: string | URL,
    options?: RequestOptions,
  ): Observable<HttpEvent> {
    return this.#send(() => this.#requestOf(methodOrRequest, url, options, DELIVERIES.events), true, false);
  }

  /** Every event, the body only as `chunk` events: the final response's `content` is not kept. */
  stream(request: Request): Observable<HttpEvent>;
  stream(method: string, url: string | URL, options?: RequestOptions): Observable<HttpEvent>;
  stream(
    methodOrRequest: string | Request,
    url?: string | URL,
    options?: RequestOptions,
  ): Observable<HttpEvent> {
    return this.#send(() => this.#requestOf(methodOrRequest, url, options, DELIVERIES.stream), false, false);
  }

  /** Closes the transport: idle connections now, busy ones when their requests end. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#transport.close().then(() => {
      // The shared clock's idle host timer goes too: a closed client leaves no timer behind.
      if (this.scheduler instanceof SharedTimerScheduler) this.scheduler.stopWhenIdle();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** `<Client [2 active, 3 idle]>`: live connection counts over every origin. */
  toString(): string {
    const { active, idle } = this.#transport.counts?.() ?? { active: 0, idle: 0 };
    return `<Client [${active} active, ${idle} idle]>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** A built request goes as it is (one naming no `delivery` gets every event, as events() wants). */
  #requestOf(
    methodOrRequest: string | Request,
    url: string | URL | undefined,
    options: RequestOptions = NO_OPTIONS,
    delivery: Delivery,
  ): Request {
    if (methodOrRequest instanceof Request) return this.#adopt(methodOrRequest);
    if (url === undefined) throw new TypeError('events()/stream() need a URL after the method');
    return this.#build(methodOrRequest, url, options, delivery);
  }

  /**
   * The one path every method takes: on subscribe, builds the request (invalid input errors the
   * stream), refuses it on a closed client, and sends it through the pipeline and the client's
   * edge (`finish`). One Observable per request, no `defer` layers.
   */
  #send<T>(build: () => Request, buffer: boolean, responsesOnly: boolean): Observable<T> {
    return new CallObservable<T>(this.#host, build, buffer, responsesOnly);
  }
}

const NO_OPTIONS: RequestOptions = Object.freeze({});
