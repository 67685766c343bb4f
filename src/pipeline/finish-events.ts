import { Observable, type OperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs';
import { BodyBuffer } from '../content/body-buffer.ts';
import { EMPTY_BYTES } from '../content/bytes.ts';
import { attachRequest } from '../errors.ts';
import type { HttpEvent } from '../events.ts';
import type { DefaultEncoding } from '../models/charset.ts';
import type { Request } from '../models/request.ts';
import { isInternalEvent, type TransportEvent } from '../transports/transport.ts';
import type { Admission } from './admission.ts';
import { LayerSubscriber } from './layer-subscriber.ts';

/** What the client's edge needs of the client. */
export interface FinishSettings {
  readonly scheduler: SchedulerLike;
  readonly defaultEncoding: DefaultEncoding;
}

export interface FinishOptions extends FinishSettings {
  /** Keep the body (`events`, verbs) or leave it to the `chunk` events (`stream`). */
  buffer: boolean;
  request: Request;
}

/**
 * The client's edge of the pipeline: removes the transport's internal events (`connected`,
 * `queued`, `connecting`, `written`), gives every response the client's `defaultEncoding`,
 * buffers the body into the final response (or marks it streamed), stamps `elapsed` from the
 * scheduler, and puts the request on every error.
 */
export function finishEvents(options: FinishOptions): OperatorFunction<TransportEvent, HttpEvent> {
  const { buffer, request } = options;
  return (source) =>
    new Observable<HttpEvent>((subscriber) => {
      source.subscribe(new FinishSubscriber(subscriber, options, request, buffer, false));
    });
}

/**
 * One object per request for the client's edge: a `Subscriber` of RxJS 7 linked to the one
 * downstream (as RxJS's own operators are), so no partial observer, closures or wrappers are
 * made for it. Unsubscribing downstream unsubscribes it, and through it the pipeline.
 */
export class FinishSubscriber<T> extends LayerSubscriber<TransportEvent> {
  readonly #settings: FinishSettings;
  readonly #request: Request;
  readonly #buffer: boolean;
  /** Emit only the final `Response` (the verbs), or every event (`events`, `stream`). */
  readonly #responsesOnly: boolean;
  readonly #start: number;
  /** The chunks of a body wanted whole, when the transport leaves them to the events (progress watched, or it ignores `delivery`). */
  #kept: BodyBuffer | null = null;
  /** The client's queue, given its slot back once this request is over. */
  #admission: Admission | null;

  constructor(
    destination: Subscriber<T>,
    settings: FinishSettings,
    request: Request,
    buffer: boolean,
    responsesOnly: boolean,
    admission: Admission | null = null,
  ) {
    super(destination);
    this.#admission = admission;
    this.#settings = settings;
    this.#request = request;
    this.#buffer = buffer;
    this.#responsesOnly = responsesOnly;
    this.#start = settings.scheduler.now();
  }

  protected override _next(event: TransportEvent): void {
    if (isInternalEvent(event)) return;
    const { defaultEncoding, scheduler } = this.#settings;
    switch (event.type) {
      case 'headers':
        event.response.defaultEncoding = defaultEncoding;
        this.#kept?.clear();
        break;
      case 'chunk':
        if (!this.#buffer) break;
        this.#kept ??= new BodyBuffer();
        this.#kept.push(event.data);
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
        // A response already read (by its transport, or a layer that read it) keeps its body.
        if (!response.isRead) response._finish(this.#buffer ? this.#bytes() : undefined);
        break;
      }
    }
    if (!this.#responsesOnly) this.destination.next(event);
    else if (event.type === 'response') this.destination.next(event.response);
  }

  #bytes(): Uint8Array {
    return this.#kept === null ? EMPTY_BYTES : this.#kept.take();
  }

  override unsubscribe(): void {
    super.unsubscribe();
    const admission = this.#admission;
    this.#admission = null;
    admission?.release();
  }

  protected override _error(error: unknown): void {
    super._error(attachRequest(error, this.#request));
  }
}
