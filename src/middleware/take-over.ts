import { type MonoTypeOperatorFunction, Observable, Subscription } from 'rxjs';
import type { Response } from '../models/response.ts';
import type { TransportEvent } from '../transports/transport.ts';

/** What comes after a hop that was taken over: the events that replace its response. */
export type Continuation = (finished: Response) => Observable<TransportEvent>;

/**
 * The most bytes of a taken-over body read, as they come off the wire, so that its connection
 * can go back to the pool. A body declared larger is given up at its first bytes, and one that
 * turns out larger is cut there: its connection is closed instead (cheaper than reading on).
 */
export const DRAIN_LIMIT = 64 * 1024;

/**
 * The shared step of redirects, auth and retry: passes one hop's events on until its
 * `headers`, then asks `decide`. If `decide` returns a continuation, the rest of the hop is
 * discarded: its response is marked so (`isDiscarded`; `content` throws `ResponseNotRead`),
 * which tells the transport to stop decoding it, and no chunk is kept, so a compressed body
 * cannot blow up in memory. A body of at most 64 KiB (`DRAIN_LIMIT`) on the wire is read to its
 * end, so the connection is reused; a longer one (declared, as the `total` of its first
 * `download` event, or counted in them, or in the chunks of a transport that decodes anyway)
 * is abandoned by unsubscribing the hop, which closes its connection. Then the continuation's events follow in
 * the hop's place. Otherwise every event passes. A throwing `decide` fails the stream and
 * aborts the hop.
 */
export function takeOver(
  decide: (response: Response) => Continuation | undefined,
): MonoTypeOperatorFunction<TransportEvent> {
  return (source) =>
    new Observable<TransportEvent>((subscriber) => {
      let next: Continuation | undefined;
      let taken: Response | undefined;
      /** The taken hop's response once the hop is over (its `response` event, or given up early). */
      let finished: Response | undefined;
      let decoded = 0;
      let done = false;
      let after: Subscription | undefined;
      // A container, so that a hop given up while it is still being subscribed (a synchronous
      // source) is unsubscribed as soon as its subscription exists.
      const hop = new Subscription();
      const proceed = (response: Response): void => {
        done = true;
        hop.unsubscribe();
        after = next!(response._discard()).subscribe(subscriber);
      };
      hop.add(
        source.subscribe({
          next(event) {
            if (done) return;
            if (next === undefined) {
              if (event.type === 'headers') {
                try {
                  next = decide(event.response);
                } catch (error) {
                  done = true;
                  return subscriber.error(error);
                }
                if (next !== undefined) {
                  taken = event.response._discard();
                  return;
                }
              }
              return subscriber.next(event);
            }
            if (event.type === 'download') {
              // The first bytes tell a declared length (none come for HEAD, 204 or 304).
              if (event.loaded > DRAIN_LIMIT || (event.total ?? 0) > DRAIN_LIMIT) proceed(taken!);
            } else if (event.type === 'chunk') {
              decoded += event.data.byteLength;
              if (decoded > DRAIN_LIMIT) proceed(taken!);
            } else if (event.type === 'response') {
              finished = event.response;
            }
          },
          error(error: unknown) {
            if (!done) subscriber.error(error);
          },
          complete() {
            if (done) return;
            if (next === undefined || finished === undefined) return subscriber.complete();
            proceed(finished);
          },
        }),
      );
      return () => {
        hop.unsubscribe();
        after?.unsubscribe();
      };
    });
}
