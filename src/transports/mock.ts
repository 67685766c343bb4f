import { from, isObservable, Observable } from 'rxjs';
import { describe } from '../config/describe.ts';
import type { Request } from '../models/request.ts';
import { Response } from '../models/response.ts';
import { playResponse } from './play-response.ts';
import type { Transport, TransportEvent } from './transport.ts';

/** Answers a request: a `Response`, a Promise of one, or the raw events (`connected` included, to test timeouts). */
export type MockHandler = (request: Request) => Response | Promise<Response> | Observable<TransportEvent>;

/**
 * A transport that calls a function instead of the network: for tests, and for serving an
 * app in-process. A returned `Response` is played as `connected`, `headers`, its body as the
 * request's `extensions.delivery` asks (`download` and `chunk` events, or kept and read in
 * the final response) and `response`; a returned Observable is passed through as it is.
 */
export class MockTransport implements Transport {
  readonly #handler: MockHandler;

  constructor(handler: MockHandler) {
    this.#handler = handler;
  }

  handle(request: Request): Observable<TransportEvent> {
    return new Observable<TransportEvent>((subscriber) => {
      // A handler that throws fails the request with its own error (RxJS delivers it).
      const answer = this.#handler(request);
      if (isObservable(answer)) return answer.subscribe(subscriber);
      const play = (answer: Response): void => {
        subscriber.next({ type: 'connected' });
        playResponse(subscriber, request, answer);
      };
      // A Response is played synchronously, so marble tests see it at the frame it was asked for.
      if (answer instanceof Response) return play(answer);
      // Anything else (a global fetch Response, a plain object, undefined) is a mistake worth naming.
      if (!isPromiseLike(answer)) return subscriber.error(notAResponse(answer, 'returned'));
      return from(answer).subscribe({
        next: (value: unknown) => {
          if (!(value instanceof Response)) return subscriber.error(notAResponse(value, 'resolved to'));
          try {
            play(value);
          } catch (error) {
            subscriber.error(error);
          }
        },
        // A rejection fails the request with the handler's own error.
        error: (error: unknown) => subscriber.error(error),
      });
    });
  }

  async close(): Promise<void> {}
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The error for a handler's answer that is no httprx `Response`, saying what it was. The global
 * fetch `Response` (what a missing import gives) is named as such.
 */
function notAResponse(answer: unknown, how: 'returned' | 'resolved to'): TypeError {
  const FetchResponse = (globalThis as { Response?: abstract new (...args: never[]) => object }).Response;
  const what =
    FetchResponse !== undefined && answer instanceof FetchResponse
      ? 'a global fetch Response'
      : describe(answer);
  const by =
    how === 'returned' ? 'MockTransport handler returned' : "MockTransport handler's Promise resolved to";
  return new TypeError(
    `${by} ${what}; return an httprx Response (import { Response } from 'httprx'), a Promise of one, or an Observable of events`,
  );
}
