import type { Subscriber } from 'rxjs';
import { describe } from '../config/describe.ts';
import { attachRequest } from '../errors.ts';
import { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { Response } from '../models/response.ts';
import { ResponseBody } from '../transports/response-body.ts';
import type { TransportEvent } from '../transports/transport.ts';
import type { AppDecoder, AppDecoderSink, AppDecoders } from './fetch-app-decode.ts';

const NO_BODY_STATUS = new Set([204, 304]);

/** How reading a fetch app's response ended early: the app's own failure, or the client's (decoding). */
export type BodyFailure = (error: unknown, byApp: boolean) => void;

/**
 * A fetch app's `Response` on its way to the client: `headers`, then its body read piece by
 * piece as the app writes it (each piece counted as downloaded as the app wrote it, then
 * decoded as its `Content-Encoding` says), then `response`; a body is left unread for HEAD,
 * 204 and 304, as on the wire. The request's delivery is honoured through `ResponseBody`.
 */
export class FetchAppBody implements AppDecoderSink {
  readonly #body: ResponseBody;
  readonly #stream: ReadableStream<Uint8Array> | null;
  readonly #decoders: AppDecoders;
  readonly #failed: BodyFailure;
  readonly #ended: () => void;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #decoder: AppDecoder | null = null;
  #paused = false;
  #over = false;

  constructor(
    subscriber: Subscriber<TransportEvent>,
    request: Request,
    answer: globalThis.Response,
    decoders: AppDecoders,
    callbacks: { failed: BodyFailure; ended: () => void },
  ) {
    const headers = new Headers([...answer.headers]);
    const length = headers.getKey('content-length');
    const total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    const head = { status: answer.status, headers, reasonPhrase: answer.statusText, ownHeaders: true };
    this.#body = new ResponseBody(subscriber, request, head, total);
    const bodiless = request.method === 'HEAD' || NO_BODY_STATUS.has(answer.status);
    if (bodiless) answer.body?.cancel().catch(() => {});
    this.#stream = bodiless ? null : answer.body;
    this.#decoders = decoders;
    this.#failed = (error, byApp) => callbacks.failed(byApp ? error : attachRequest(error, request), byApp);
    this.#ended = callbacks.ended;
  }

  start(): void {
    const stream = this.#stream;
    if (stream === null) {
      this.#body.begin();
      this.end();
      return;
    }
    this.#reader = stream.getReader();
    try {
      this.#decoder = this.#decoders(this.#body.response.headers.getKey('content-encoding'), this);
    } catch (error) {
      this.#stop();
      this.#failed(error, false);
      return;
    }
    this.#body.begin();
    this.#read();
  }

  /** Stops reading: the app's body stream is cancelled. */
  cancel(): void {
    if (this.#over) return;
    this.#stop();
  }

  #read(): void {
    this.#reader!.read().then(
      ({ done, value }) => this.#piece(done, value),
      (error: unknown) => this.#fail(error, true),
    );
  }

  #piece(done: boolean, value: Uint8Array | undefined): void {
    if (this.#over) return;
    if (done) {
      if (this.#decoder === null) this.end();
      else this.#decoder.end();
      return;
    }
    if (!(value instanceof Uint8Array)) {
      const what = describe(value);
      this.#fail(
        new TypeError(`The fetch app's response body gave ${what}; it must give Uint8Array chunks`),
        true,
      );
      return;
    }
    this.#body.received(value.byteLength);
    if (this.#over) return;
    if (this.#decoder === null) this.#body.data(value);
    else if (!this.#decoder.write(value)) {
      this.#paused = true;
      return;
    }
    if (!this.#over) this.#read();
  }

  // AppDecoderSink: decoded bytes, their end, a decoding failure, and room for more.
  data(chunk: Uint8Array): void {
    if (!this.#over) this.#body.data(chunk);
  }

  end(): void {
    if (this.#over) return;
    this.#over = true;
    this.#ended();
    this.#body.end();
  }

  error(error: Error): void {
    this.#fail(error, false);
  }

  drain(): void {
    if (!this.#paused || this.#over) return;
    this.#paused = false;
    this.#read();
  }

  #fail(error: unknown, byApp: boolean): void {
    if (this.#over) return;
    this.#stop();
    this.#failed(error, byApp);
  }

  #stop(): void {
    this.#over = true;
    this.#decoder?.destroy();
    this.#reader?.cancel().catch(() => {});
  }
}

/** A fetch `Response` (the platform's, or another implementation of it, such as undici's). */
export function isFetchResponse(value: unknown): value is globalThis.Response {
  if (typeof value !== 'object' || value === null || value instanceof Response) return false;
  const { status, headers, body } = value as { status?: unknown; headers?: unknown; body?: unknown };
  return (
    typeof status === 'number' &&
    typeof headers === 'object' &&
    headers !== null &&
    Symbol.iterator in headers &&
    (body === null || (typeof body === 'object' && typeof (body as ReadableStream).getReader === 'function'))
  );
}

/** The error for an app's answer that is no fetch `Response`, saying what it was. */
export function notAFetchResponse(answer: unknown, how: 'returned' | 'resolved to'): TypeError {
  const what = answer instanceof Response ? "an httprx Response (httprx's own class)" : describe(answer);
  const by = how === 'returned' ? 'The fetch app returned' : "The fetch app's Promise resolved to";
  return new TypeError(
    `${by} ${what}; a fetch app returns a fetch Response (globalThis.Response: new Response(body, init)), or a Promise of one`,
  );
}
