import { Observable, type OperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs';
import { concatBytes } from '../content/bytes.ts';
import { attachRequest } from '../errors.ts';
import type { HttpEvent } from '../events.ts';
import type { DefaultEncoding } from '../models/charset.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import { isInternalEvent, type TransportEvent } from '../transports/transport.ts';

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
  return finishing(options, (subscriber) => (event) => subscriber.next(event));
}

/** {@link finishEvents}, emitting only the final `Response`: what the verbs need, in one step. */
export function finishResponses(options: FinishOptions): OperatorFunction<TransportEvent, Response> {
  return finishing(options, (subscriber) => (event) => {
    if (event.type === 'response') subscriber.next(event.response);
  });
}

function finishing<T>(
  options: FinishOptions,
  emitter: (subscriber: Subscriber<T>) => (event: HttpEvent) => void,
): OperatorFunction<TransportEvent, T> {
  const { buffer, scheduler, defaultEncoding, request } = options;
  return (source) =>
    new Observable<T>((subscriber) => {
      const emit = emitter(subscriber);
      const start = scheduler.now();
      let chunks: Uint8Array[] = [];
      return source.subscribe({
        next(event) {
          if (isInternalEvent(event)) return;
          switch (event.type) {
            case 'headers':
              event.response.defaultEncoding = defaultEncoding;
              chunks = [];
              break;
            case 'chunk':
              if (buffer) chunks.push(event.data);
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
              response.elapsed = scheduler.now() - start;
              // A response that is already read (a mock's, or one a middleware read) keeps its body.
              if (!response.isRead) response._finish(buffer ? concatBytes(chunks) : undefined);
              chunks = [];
              break;
            }
          }
          emit(event);
        },
        error(error: unknown) {
          subscriber.error(attachRequest(error, request));
        },
        complete() {
          subscriber.complete();
        },
      });
    });
}
