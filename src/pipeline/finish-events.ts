import { Observable, type OperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs';
import { concatBytes } from '../content/bytes.ts';
import { attachRequest } from '../errors.ts';
import type { HttpEvent } from '../events.ts';
import type { DefaultEncoding } from '../models/charset.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import { isInternalEvent, type TransportEvent } from '../transports/transport.ts';
import { LayerSubscriber } from './layer-subscriber.ts';

export interface FinishOptions {
  /** Keep the body (`events`, verbs) or leave it to the `chunk` events (`stream`). */
  buffer: boolean;
  scheduler: SchedulerLike;
  defaultEncoding: DefaultEncoding;
  request: Request;
}

/**
 * The client's edge of the pipeline: removes the transport's internal events (`connected`,
 * `queued`, `connecting`, `written`), gives every response the client's `defaultEncoding`,
 * buffers the body into the final response (or marks it streamed), stamps `elapsed` from the
 * scheduler, and puts the request on every error.
 */
export function finishEvents(options: FinishOptions): OperatorFunction<TransportEvent, HttpEvent> {
  return finishing(options, false);
}

/** {@link finishEvents}, emitting only the final `Response`: what the verbs need, in one step. */
export function finishResponses(options: FinishOptions): OperatorFunction<TransportEvent, Response> {
  return finishing(options, true);
}

function finishing<T>(options: FinishOptions, responsesOnly: boolean): OperatorFunction<TransportEvent, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      source.subscribe(new FinishSubscriber(subscriber, responsesOnly, options));
    });
}

/**
 * One object per request for the client's edge: a `Subscriber` of RxJS 7 linked to the one
 * downstream (as RxJS's own operators are), so no partial observer, closures or wrappers are
 * made for it. Unsubscribing downstream unsubscribes it, and through it the pipeline.
 */
class FinishSubscriber<T> extends LayerSubscriber<TransportEvent> {
  /** Emit only the final `Response` (the verbs), or every event (`events`, `stream`). */
  readonly #responsesOnly: boolean;
  readonly #options: FinishOptions;
  readonly #start: number;
  #chunks: Uint8Array[] = [];

  constructor(destination: Subscriber<T>, responsesOnly: boolean, options: FinishOptions) {
    super(destination);
    this.#responsesOnly = responsesOnly;
    this.#options = options;
    this.#start = options.scheduler.now();
  }

  protected override _next(event: TransportEvent): void {
    if (isInternalEvent(event)) return;
    const { buffer, defaultEncoding, scheduler } = this.#options;
    switch (event.type) {
      case 'headers':
        event.response.defaultEncoding = defaultEncoding;
        this.#chunks = [];
        break;
      case 'chunk':
        if (buffer) this.#chunks.push(event.data);
        break;
      case 'redirect':
        event.response.defaultEncoding = defaultEncoding;
        break;
      case 'retry':
        if (event.response) event.response.defaultEncoding = defaultEncoding;
        break;
      case 'response': {
        const { response } = event;
        response.defaultEncoding = defaultEncoding;
        response.elapsed = scheduler.now() - this.#start;
        // A response that is already read (a mock's, or one a middleware read) keeps its body.
        if (!response.isRead) response._finish(buffer ? concatBytes(this.#chunks) : undefined);
        this.#chunks = [];
        break;
      }
    }
    if (!this.#responsesOnly) this.destination.next(event);
    else if (event.type === 'response') this.destination.next(event.response);
  }

  protected override _error(error: unknown): void {
    super._error(attachRequest(error, this.#options.request));
  }
}
