import { type MonoTypeOperatorFunction, Observable, type Subscription } from 'rxjs';
import { concatBytes } from '../content/bytes.ts';
import type { HttpEvent } from '../events.ts';
import type { Response } from '../models/response.ts';

/** What comes after a hop that was taken over: the events that replace its response. */
export type Continuation = (finished: Response) => Observable<HttpEvent>;

/**
 * The shared step of redirects, auth and retry: passes one hop's events on until its
 * `headers`, then asks `decide`. If `decide` returns a continuation, the rest of the hop is
 * read quietly (its body buffered into the response, so `history` keeps it and the connection
 * goes back to the pool) and, once the hop completes, the continuation's events follow in its
 * place. Otherwise every event passes. A throwing `decide` fails the stream and aborts the hop.
 */
export function takeOver(
  decide: (response: Response) => Continuation | undefined,
): MonoTypeOperatorFunction<HttpEvent> {
  return (source) =>
    new Observable<HttpEvent>((subscriber) => {
      let next: Continuation | undefined;
      let finished: Response | undefined;
      let chunks: Uint8Array[] = [];
      let after: Subscription | undefined;
      const hop = source.subscribe({
        next(event) {
          if (next === undefined) {
            if (event.type === 'headers') {
              try {
                next = decide(event.response);
              } catch (error) {
                return subscriber.error(error);
              }
            }
            if (next === undefined) return subscriber.next(event);
          }
          if (event.type === 'chunk') chunks.push(event.data);
          else if (event.type === 'response') {
            finished = event.response;
            if (!finished.isRead) finished._finish(concatBytes(chunks));
            chunks = [];
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (next === undefined || finished === undefined) return subscriber.complete();
          after = next(finished).subscribe(subscriber);
        },
      });
      return () => {
        hop.unsubscribe();
        after?.unsubscribe();
      };
    });
}
