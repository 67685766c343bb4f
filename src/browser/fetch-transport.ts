import { Observable, type Subscriber } from 'rxjs';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import { RemoteProtocolError } from '../errors.ts';
import { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';
import { ResponseBody } from '../transports/response-body.ts';
import type { Transport, TransportEvent } from '../transports/transport.ts';
import { fetchSettings } from './browser-extensions.ts';
import { browserNetworkError } from './network-error.ts';
import { type PlatformBody, withPlatformBody } from './request-body.ts';
import { sendableHeaders } from './request-headers.ts';
import { browserHead, declaredTotal } from './response-head.ts';

export interface FetchTransportOptions {
  /**
   * Whether the browser sends its cookies and HTTP authentication: `'omit'` never (Digest
   * auth needs it: else the browser answers a same-origin 401 with its own login prompt),
   * `'same-origin'`, or `'include'` (to other origins too). A request's
   * `extensions.credentials` overrides it.
   * @default 'same-origin'
   */
  credentials?: RequestCredentials;
  /**
   * fetch's `redirect`. `'follow'`: the platform follows redirects (`response.url` is the final
   * URL). `'manual'` hands the 3xx to the client's own redirect layer where fetch shows it (Node,
   * Deno); a browser hides it (an opaque redirect), which fails with a `RemoteProtocolError`
   * saying so. A request's `extensions.redirect` overrides it.
   * @default 'follow'
   */
  redirect?: RequestRedirect;
  /**
   * The fetch function.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

const OPTION_NAMES: ReadonlySet<string> = new Set(['credentials', 'redirect', 'fetch']);
const CREDENTIALS = new Set(['omit', 'same-origin', 'include']);
const REDIRECTS = new Set(['follow', 'manual', 'error']);

/**
 * A transport over `fetch()`: the body streams as `chunk` and `download` events from its
 * reader, and unsubscribing aborts. What the platform cannot do: upload progress (a request
 * body is sent whole, and its write is not observed: the wait until the response head counts
 * as `connect`), a compressed body's wire size (the browser counts decoded bytes and gives no
 * total), the HTTP version, and, in a browser, a redirect's status and `Location` under
 * `redirect: 'manual'`.
 */
export class FetchTransport implements Transport {
  readonly #credentials: RequestCredentials;
  readonly #redirect: RequestRedirect;
  readonly #fetch: typeof fetch;

  /** Throws a `TypeError` for an unknown option or a value of the wrong kind. */
  constructor(options: FetchTransportOptions = {}) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError(`new FetchTransport(options) takes an options object, not ${describe(options)}`);
    checkOptionNames('FetchTransport', options, OPTION_NAMES);
    const credentials = own(options, 'credentials') ?? 'same-origin';
    if (!CREDENTIALS.has(credentials))
      throw new TypeError(
        `credentials must be 'omit', 'same-origin' or 'include', not ${describe(credentials)}`,
      );
    const redirect = own(options, 'redirect') ?? 'follow';
    if (!REDIRECTS.has(redirect))
      throw new TypeError(`redirect must be 'follow', 'manual' or 'error', not ${describe(redirect)}`);
    const fetcher = own(options, 'fetch') ?? globalThis.fetch;
    if (typeof fetcher !== 'function')
      throw new TypeError(`fetch must be a fetch function, not ${describe(fetcher)}`);
    this.#credentials = credentials;
    this.#redirect = redirect;
    // Called as a plain function: a browser's fetch refuses to run with another `this`.
    this.#fetch = (input, init) => fetcher(input, init);
  }

  handle(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      const exchange = new FetchExchange(subscriber, request);
      const init: RequestInit = {
        method: request.method,
        headers: sendableHeaders(request),
        credentials: this.#credentials,
        redirect: this.#redirect,
        signal: exchange.signal,
        ...fetchSettings(request),
      };
      withPlatformBody(
        request.body,
        (body) => exchange.send(this.#fetch, init, body),
        (error: unknown) => exchange.fail(error),
      );
      return () => exchange.cancel();
    });
  }

  /** Nothing to close: the browser owns the connections. */
  async close(): Promise<void> {}
}

/** One request: `fetch()`, then its body's reader to the end. */
class FetchExchange {
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #request: Request;
  readonly #abort = new AbortController();
  #body: ResponseBody | null = null;
  #over = false;

  constructor(subscriber: Subscriber<TransportEvent>, request: Request) {
    this.#subscriber = subscriber;
    this.#request = request;
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  send(fetcher: typeof fetch, init: RequestInit, body: PlatformBody | null): void {
    if (this.#over) return;
    if (body !== null) init.body = body;
    fetcher(this.#request.url.href, init).then(
      (response) => this.#head(response),
      (error: unknown) => this.#network(error),
    );
  }

  cancel(): void {
    if (this.#over) return;
    this.#over = true;
    this.#abort.abort();
  }

  fail(error: unknown): void {
    if (this.#over) return;
    this.#over = true;
    this.#subscriber.error(error);
  }

  #network(error: unknown): void {
    this.fail(browserNetworkError(this.#request, error, this.#body !== null, describeFailure(error)));
  }

  #head(response: globalThis.Response): void {
    if (this.#over) return;
    if (response.type === 'opaqueredirect' || response.type === 'opaque') {
      this.fail(this.#opaque(response));
      return;
    }
    const headers = new Headers([...response.headers]);
    const head = browserHead(this.#request, response.status, response.statusText, headers, response.url);
    const body = new ResponseBody(this.#subscriber, this.#request, head, declaredTotal(headers));
    this.#body = body;
    body.begin();
    if (response.body === null) {
      this.#finish(body);
      return;
    }
    const reader = response.body.getReader();
    const read = (): void => {
      reader.read().then(
        ({ done, value }) => {
          if (this.#over) return;
          if (done) return this.#finish(body);
          body.received(value.byteLength);
          body.data(value);
          read();
        },
        (error: unknown) => this.#network(error),
      );
    };
    read();
  }

  #finish(body: ResponseBody): void {
    if (this.#over) return;
    this.#over = true;
    body.end();
  }

  #opaque(response: globalThis.Response): RemoteProtocolError {
    const target = `${this.#request.method} ${urlForMessage(this.#request.url)}`;
    const why =
      response.type === 'opaqueredirect'
        ? "the server redirected, and the browser hides a redirect's status and Location from fetch with redirect: 'manual'; let the browser follow it (redirect: 'follow')"
        : "the browser hides a response to a no-cors request; use mode: 'cors'";
    return new RemoteProtocolError(`${target}: ${why}`, this.#request);
  }
}

function describeFailure(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'the request failed';
}
