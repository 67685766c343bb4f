import { Observable, type Subscriber } from 'rxjs';
import { RemoteProtocolError } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { Response } from '../models/response.ts';
import { playResponse } from '../transports/play-response.ts';
import type { TransportEvent } from '../transports/transport.ts';
import type { AppSettings } from './app-options.ts';
import { mountedTarget, outsideRootPath } from './app-root-path.ts';
import type { AppDecoders } from './fetch-app-decode.ts';
import {
  fetchAppRequest,
  requestStreams,
  UploadStream,
  type UploadWatcher,
  wholeBody,
} from './fetch-app-request.ts';
import { FetchAppBody, isFetchResponse, notAFetchResponse } from './fetch-app-response.ts';

/** An object with a `fetch(request, env)` method: Hono and the other fetch-handler frameworks. */
export interface FetchAppLike {
  fetch(request: globalThis.Request, env: { remoteAddr: string }): unknown;
}

/**
 * One request served by a fetch app, in-process: its events, cold (each subscription calls
 * the app anew); unsubscribing aborts the app's `request.signal` and cancels the body it is
 * writing. `decoders` undo the response's `Content-Encoding`.
 */
export function fetchAppEvents(
  app: FetchAppLike,
  settings: AppSettings,
  decoders: AppDecoders,
  request: Request,
): Observable<TransportEvent> {
  return new Observable<TransportEvent>((subscriber) => {
    const exchange = new FetchAppExchange(app, settings, decoders, request, subscriber);
    exchange.start();
    return () => exchange.cancel();
  });
}

/**
 * The app is called as soon as its request is ready (`connected` says so); the request body
 * streams to it as it reads (`upload`, then `written`), and its response streams back
 * ({@link FetchAppBody}).
 */
class FetchAppExchange implements UploadWatcher {
  readonly #app: FetchAppLike;
  readonly #settings: AppSettings;
  readonly #decoders: AppDecoders;
  readonly #request: Request;
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #abort = new AbortController();
  #upload: UploadStream | null = null;
  #uploaded = 0;
  #body: FetchAppBody | null = null;
  #over = false;

  constructor(
    app: FetchAppLike,
    settings: AppSettings,
    decoders: AppDecoders,
    request: Request,
    subscriber: Subscriber<TransportEvent>,
  ) {
    this.#app = app;
    this.#settings = settings;
    this.#decoders = decoders;
    this.#request = request;
    this.#subscriber = subscriber;
  }

  start(): void {
    const request = this.#request;
    const { rootPath } = this.#settings;
    const path = mountedTarget(rootPath, request.url.pathname);
    this.#subscriber.next({ type: 'connected' });
    if (this.#over) return;
    if (path === null) {
      this.#over = true;
      playResponse(this.#subscriber, request, outsideRootPath(rootPath, request.url.pathname));
      return;
    }
    const url = new URL(request.url);
    url.pathname = path;
    url.hash = '';
    const content = request.body;
    if (content === null) {
      this.#call(url.href, null);
    } else if (requestStreams()) {
      this.#upload = new UploadStream(content, this);
      this.#call(url.href, this.#upload.stream);
    } else {
      wholeBody(content, this).then(
        (blob) => this.#call(url.href, blob),
        (error: unknown) => this.failed(error),
      );
    }
  }

  cancel(): void {
    if (this.#over) return;
    this.#over = true;
    this.#release();
  }

  #call(url: string, body: ReadableStream<Uint8Array> | Blob | null): void {
    if (this.#over) return;
    let answer: unknown;
    try {
      const appRequest = fetchAppRequest(this.#request, url, body, this.#abort.signal);
      answer = this.#app.fetch(appRequest, { remoteAddr: this.#settings.remoteAddr });
    } catch (error) {
      this.#appFailed(error);
      return;
    }
    if (!isPromiseLike(answer)) {
      this.#head(answer, 'returned');
      return;
    }
    answer.then(
      (response) => this.#head(response, 'resolved to'),
      (error: unknown) => this.#appFailed(error),
    );
  }

  // UploadWatcher: the app's request stream took more of the body.
  uploaded(bytes: number): void {
    if (this.#over) return;
    this.#uploaded += bytes;
    const total = this.#request.body?.length;
    const loaded = this.#uploaded;
    this.#subscriber.next(
      total === undefined ? { type: 'upload', loaded } : { type: 'upload', loaded, total },
    );
  }

  written(): void {
    if (!this.#over) this.#subscriber.next({ type: 'written' });
  }

  failed(error: unknown): void {
    this.#fail(error);
  }

  #head(answer: unknown, how: 'returned' | 'resolved to'): void {
    if (this.#over) return;
    if (!isFetchResponse(answer)) {
      this.#fail(notAFetchResponse(answer, how));
      return;
    }
    this.#body = new FetchAppBody(this.#subscriber, this.#request, answer, this.#decoders, {
      failed: (error, byApp) => (byApp ? this.#appFailed(error) : this.#fail(error)),
      ended: () => {
        this.#over = true;
        this.#upload?.release();
      },
    });
    this.#body.start();
  }

  /**
   * The app threw, its Promise rejected, or its body stream failed. `raiseAppExceptions`: the
   * request fails with the app's own error. Else a server's answer: `500 Internal Server Error`
   * when no response had begun, and a connection cut short (`RemoteProtocolError`) when one had.
   */
  #appFailed(error: unknown): void {
    if (this.#over) return;
    if (this.#settings.raiseAppExceptions) {
      this.#fail(error);
    } else if (this.#body !== null) {
      const message = 'The app failed before the response body was complete';
      this.#fail(new RemoteProtocolError(message, this.#request, { cause: error }));
    } else {
      this.#over = true;
      this.#release();
      playResponse(this.#subscriber, this.#request, new Response(500, { text: 'Internal Server Error' }));
    }
  }

  #fail(error: unknown): void {
    if (this.#over) return;
    this.#over = true;
    this.#release();
    this.#subscriber.error(error);
  }

  /** Over before its end: the app is told (its signal aborts), and every stream is let go. */
  #release(): void {
    this.#abort.abort();
    this.#upload?.release();
    this.#body?.cancel();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
