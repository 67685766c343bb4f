import type { Subscriber } from 'rxjs';
import { describe } from '../config/describe.ts';
import { ConnectError, ReadError } from '../errors.ts';
import { Headers, type HeadersInit } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { type HttpVersion, Response } from '../models/response.ts';
import { playResponse } from '../transports/play-response.ts';
import { ResponseBody } from '../transports/response-body.ts';
import type { TransportEvent } from '../transports/transport.ts';
import { requestLine } from './request-match.ts';

/** A response head in a marble's values: `{ status: 200, headers: { 'Content-Type': 'text/plain' } }`. */
export interface MarbleHead {
  status: number;
  /** @default none */
  headers?: HeadersInit;
  /** @default the status's standard phrase */
  reasonPhrase?: string;
  /** @default 'HTTP/1.1' */
  httpVersion?: HttpVersion;
}

/**
 * What a marble's letter can stand for: a head (`headers`), a piece of body (a string or
 * bytes: `download` and `chunk`), a whole httprx `Response` (head, body and end at once), or
 * any transport event as it is (`{ type: 'upload', loaded: 10, total: 100 }`,
 * `{ type: 'connected' }`).
 */
export type MarbleValue = MarbleHead | string | Uint8Array | Response | TransportEvent;

const encoder = new TextEncoder();

/** A `TypeError` naming the first value of `values` that is no {@link MarbleValue}, if any. */
export function checkMarbleValues(values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (
      typeof value === 'string' ||
      value instanceof Uint8Array ||
      value instanceof Response ||
      isHead(value) ||
      isEvent(value)
    )
      continue;
    throw new TypeError(
      `MarbleTransport value '${key}' is ${describe(value)}: give a head ({ status, headers }), a body piece (a string or bytes), a Response or a transport event ({ type: … })`,
    );
  }
}

function isHead(value: unknown): value is MarbleHead {
  return typeof value === 'object' && value !== null && typeof (value as MarbleHead).status === 'number';
}

function isEvent(value: unknown): value is TransportEvent {
  return typeof value === 'object' && value !== null && typeof (value as TransportEvent).type === 'string';
}

/**
 * One request's marble, played as a transport: each value becomes its events, completion
 * ends the body (`response`), and `#` fails it with the marble's error, or, when the marble
 * names none, a `ConnectError` before the head and a `ReadError` after it.
 */
export class MarblePlayer {
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #request: Request;
  #body: ResponseBody | null = null;

  constructor(subscriber: Subscriber<TransportEvent>, request: Request) {
    this.#subscriber = subscriber;
    this.#request = request;
  }

  play(value: MarbleValue): void {
    if (value instanceof Response) playResponse(this.#subscriber, this.#request, value);
    else if (typeof value === 'string' || value instanceof Uint8Array) this.#piece(value);
    else if (isHead(value)) this.#head(value);
    else this.#subscriber.next(value);
  }

  end(): void {
    if (this.#body !== null) this.#body.end();
    else this.#subscriber.complete();
  }

  /** `named`: the marble gave its own error; else a `ConnectError` or `ReadError` stands in. */
  fail(error: unknown, named: boolean): void {
    if (named) {
      this.#subscriber.error(error);
      return;
    }
    const line = requestLine(this.#request);
    this.#subscriber.error(
      this.#body === null
        ? new ConnectError(`${line}: the marble failed (#) before a response head`, this.#request)
        : new ReadError(`${line}: the marble failed (#) during the response body`, this.#request),
    );
  }

  #head(head: MarbleHead): void {
    if (this.#body !== null) {
      this.#subscriber.error(
        new TypeError(`MarbleTransport: a second head for ${requestLine(this.#request)}`),
      );
      return;
    }
    const headers = new Headers(head.headers ?? null);
    const length = headers.get('content-length');
    const { status, reasonPhrase, httpVersion } = head;
    this.#body = new ResponseBody(
      this.#subscriber,
      this.#request,
      { status, headers, reasonPhrase, httpVersion, ownHeaders: true },
      length === null ? undefined : Number(length),
    );
    this.#body.begin();
  }

  #piece(piece: string | Uint8Array): void {
    const body = this.#body;
    if (body === null) {
      this.#subscriber.error(
        new TypeError(
          `MarbleTransport: a body piece came before a head for ${requestLine(this.#request)}; put a head such as { status: 200 } first`,
        ),
      );
      return;
    }
    const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
    body.received(bytes.length);
    body.data(bytes);
  }
}
