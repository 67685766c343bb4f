import type { Subscriber } from 'rxjs';
import { ownValue } from '../config/own.ts';
import { BodyBuffer } from '../content/body-buffer.ts';
import { ResponseTooLarge } from '../errors.ts';
import { type Delivery, deliveryOf } from '../models/delivery.ts';
import type { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { type HttpVersion, Response } from '../models/response.ts';
import { HEAD_READ, type ReadHead } from '../models/response-init.ts';
import type { ReceivedEvent, TransportEvent } from './transport.ts';

/** What a transport knows of a response when its head arrives. */
export interface ResponseHead {
  status: number;
  headers: Headers;
  /** @default the status's standard phrase */
  reasonPhrase?: string;
  /** @default 'HTTP/1.1' */
  httpVersion?: HttpVersion;
  /** @default {} */
  extensions?: Record<string, unknown>;
  /** The request the response names. @default the request sent */
  request?: Request;
  /** `headers` were made for this response alone, so it keeps them without a copy. @default false */
  ownHeaders?: boolean;
}

const RECEIVED: ReceivedEvent = Object.freeze({ type: 'received' });

/**
 * A response on its way from any transport to the pipeline: it makes the unread `Response`,
 * counts the wire bytes into `numBytesDownloaded`, and emits what the request's
 * {@link Delivery} asks for: `headers`, then per piece of body `download` and `chunk` events
 * (progress watched), only the internal `received` (nobody watches: the read clock still
 * runs) with the body kept here, or `chunk`s alone (streamed); then `response` and completion.
 * A body a layer discarded (`isDiscarded`, see `takeOver`) is neither kept nor emitted, but
 * still counted in `download` events, by which that layer decides to read it to its end.
 *
 * It holds the request's `maxResponseSize` for every transport: decoded bytes past it, or a
 * Content-Length above it on a body without Content-Encoding (whose decoded size it is), fail
 * the stream with `ResponseTooLarge`, whose teardown aborts the transport's exchange (the
 * connection is closed, nothing more read or decoded). A discarded body is not counted.
 */
export class ResponseBody {
  readonly response: Response;
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #progress: boolean;
  readonly #kept: BodyBuffer | null;
  readonly #total: number | undefined;
  #loaded = 0;
  /** The request's `maxResponseSize`; -1: no limit. */
  readonly #limit: number;
  #decoded = 0;

  /** `total`: the body's length on the wire when the head declares it. */
  constructor(subscriber: Subscriber<TransportEvent>, request: Request, head: ResponseHead, total?: number) {
    const { status, headers, reasonPhrase, httpVersion, extensions } = head;
    const read: ReadHead = {
      headers,
      ownHeaders: head.ownHeaders === true,
      // An empty status text means the standard phrase.
      reasonPhrase: reasonPhrase || undefined,
      httpVersion,
      extensions,
      request: head.request ?? request,
    };
    this.response = new Response(status, { [HEAD_READ]: read });
    const delivery: Delivery = deliveryOf(request.extensions);
    this.#subscriber = subscriber;
    this.#progress = delivery.progress;
    this.#kept = delivery.body === 'buffer' && !delivery.progress ? new BodyBuffer() : null;
    this.#total = total;
    const wanted = request.extensions;
    const limit = ownValue(wanted, 'maxResponseSize', wanted.maxResponseSize);
    this.#limit = typeof limit === 'number' ? limit : -1;
  }

  /** Emits `headers`: the status line and headers arrived. */
  begin(): void {
    const { response } = this;
    this.#subscriber.next({ type: 'headers', response });
    // A declared length is the delivered one when no Content-Encoding is undone (none comes for HEAD, 204, 304).
    if (
      this.#limit >= 0 &&
      this.#total! > this.#limit &&
      !response.isDiscarded &&
      hasBody(response.request.method, response.status) &&
      !response.headers.has('content-encoding')
    )
      this.#tooLarge();
  }

  #tooLarge(): void {
    const message = `The response body is over maxResponseSize (${this.#limit} bytes)`;
    this.#subscriber.error(new ResponseTooLarge(message, this.response.request));
  }

  /** `bytes` more of the body came off the wire (before any content decoding). */
  received(bytes: number): void {
    this.#loaded += bytes;
    const loaded = this.#loaded;
    this.response.numBytesDownloaded = loaded;
    if (!this.#progress && !this.response.isDiscarded) this.#subscriber.next(RECEIVED);
    else if (this.#total === undefined) this.#subscriber.next({ type: 'download', loaded });
    else this.#subscriber.next({ type: 'download', loaded, total: this.#total });
  }

  /** A piece of the decoded body. */
  data(chunk: Uint8Array): void {
    if (this.response.isDiscarded) return;
    this.#decoded += chunk.byteLength;
    if (this.#limit >= 0 && this.#decoded > this.#limit) {
      this.#tooLarge();
      return;
    }
    if (this.#kept === null) this.#subscriber.next({ type: 'chunk', data: chunk });
    else this.#kept.push(chunk);
  }

  /** The body is complete: a kept one goes into the response, then `response` and completion. */
  end(): void {
    const { response } = this;
    if (this.#kept !== null && !response.isDiscarded) response._finish(this.#kept.take());
    this.#subscriber.next({ type: 'response', response });
    this.#subscriber.complete();
  }
}

/** Whether a response to `method` with `status` has a body (HEAD, 204 and 304 have none). */
export function hasBody(method: string, status: number): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304;
}
