import type { Subscriber } from 'rxjs';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import type { HeadersInit } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import { Response, type ResponseInit } from '../models/response.ts';
import { playResponse } from '../transports/play-response.ts';
import type { TransportEvent } from '../transports/transport.ts';
import { requestLine } from './request-match.ts';

/**
 * A body for {@link TestRequest.flush}: a string is text, bytes are bytes, `null` or nothing
 * is an empty body, and anything else (an object, an array, a number, a boolean) is JSON.
 */
export type FlushBody = string | Uint8Array | ArrayBuffer | object | number | boolean | null | undefined;

/** The status line and headers {@link TestRequest.flush} answers with. */
export interface FlushOptions {
  /**
   * The status code, 100 to 999.
   * @default 200
   */
  status?: number;
  /**
   * The reason phrase.
   * @default the status's standard phrase ('Not Found' for 404)
   */
  statusText?: string;
  /**
   * Response headers; a JSON or text body gets its `Content-Type` unless these name one.
   * @default none
   */
  headers?: HeadersInit;
}

type State = 'open' | 'answered' | 'cancelled';

const FLUSH_OPTIONS: ReadonlySet<string> = new Set(['status', 'statusText', 'headers']);

/**
 * A request a {@link TestingController} holds until the test answers it: `flush` with a
 * response, `error` with a failure, `event` to send progress first. It counts as connected,
 * so the client's `read` timeout bounds how long it waits.
 */
export class TestRequest {
  /** The request as the transport got it: after the client's middleware (headers, auth, cookies). */
  readonly request: Request;
  readonly #subscriber: Subscriber<TransportEvent>;
  readonly #closed: (test: TestRequest) => void;
  #state: State = 'open';

  /** @internal */
  constructor(request: Request, subscriber: Subscriber<TransportEvent>, closed: (test: TestRequest) => void) {
    this.request = request;
    this.#subscriber = subscriber;
    this.#closed = closed;
  }

  /** Whether the client gave up on it (unsubscribed: cancelled, timed out) before an answer. */
  get cancelled(): boolean {
    return this.#state === 'cancelled';
  }

  /** Whether the test answered it (`flush` or `error`). */
  get answered(): boolean {
    return this.#state === 'answered';
  }

  /** Answers with a response; see {@link FlushBody} for what `body` becomes. */
  flush(body: FlushBody = null, options: FlushOptions = {}): void {
    this.#check('flush');
    if (typeof options !== 'object' || options === null)
      throw new TypeError(
        `flush(body, options) takes { status, statusText, headers }, not ${describe(options)}`,
      );
    checkOptionNames('flush', options, FLUSH_OPTIONS);
    const init: ResponseInit = { ...bodyInit(body), request: this.request };
    const headers = own(options, 'headers');
    if (headers !== undefined) init.headers = headers;
    const statusText = own(options, 'statusText');
    if (statusText !== undefined) init.reasonPhrase = statusText;
    const response = new Response(own(options, 'status') ?? 200, init);
    this.#close();
    playResponse(this.#subscriber, this.request, response);
  }

  /** Fails it with `error`: an httprx error (`new ConnectError(…)`) is what a transport would give. */
  error(error: unknown): void {
    this.#check('error');
    this.#close();
    this.#subscriber.error(error);
  }

  /**
   * Emits one transport event before the answer: `{ type: 'upload', loaded, total }`,
   * `{ type: 'download', loaded, total }`, or any other the transport contract has.
   */
  event(event: TransportEvent): void {
    this.#check('event');
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string')
      throw new TypeError(
        `event(e) takes a transport event such as { type: 'upload', loaded: 1 }, not ${describe(event)}`,
      );
    this.#subscriber.next(event);
  }

  /** @internal The client unsubscribed before an answer. */
  _cancel(): void {
    if (this.#state !== 'open') return;
    this.#state = 'cancelled';
    this.#closed(this);
  }

  toString(): string {
    return requestLine(this.request);
  }

  #check(what: string): void {
    if (this.#state === 'open') return;
    const why = this.#state === 'cancelled' ? 'the client cancelled it' : 'it was already answered';
    throw new Error(`Cannot ${what} ${requestLine(this.request)}: ${why}`);
  }

  #close(): void {
    this.#state = 'answered';
    this.#closed(this);
  }
}

function bodyInit(body: FlushBody): ResponseInit {
  if (body === null || body === undefined) return {};
  if (typeof body === 'string') return { text: body };
  if (body instanceof Uint8Array) return { content: body };
  if (body instanceof ArrayBuffer) return { content: new Uint8Array(body) };
  return { json: body };
}
