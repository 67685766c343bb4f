import { type MonoTypeOperatorFunction, Observable, type Subscription } from 'rxjs';
import { BodyBuffer } from '../../content/body-buffer.ts';
import type { Response } from '../../models/response.ts';
import type { TransportEvent } from '../../transports/transport.ts';
import type { Continuation } from '../take-over.ts';

/**
 * `takeOver` for a decision that needs the body: events before the hop's `headers` pass at
 * once; from `headers` on they are held until the hop completes, with the body read into the
 * response. Then `decide` sees the whole response: a continuation replaces the held events,
 * or they are passed on as they came. A throwing `decide` fails the stream.
 */
export function takeOverWhenRead(
  decide: (response: Response) => Continuation | undefined,
): MonoTypeOperatorFunction<TransportEvent> {
  return (source) =>
    new Observable<TransportEvent>((subscriber) => {
      let held: TransportEvent[] | undefined;
      const kept = new BodyBuffer();
      let finished: Response | undefined;
      let after: Subscription | undefined;
      const hop = source.subscribe({
        next(event) {
          if (held === undefined) {
            if (event.type !== 'headers') return subscriber.next(event);
            held = [];
          }
          held.push(event);
          if (event.type === 'chunk') kept.push(event.data);
          else if (event.type === 'response') finished = event.response;
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          let next: Continuation | undefined;
          if (finished !== undefined) {
            if (!finished.isRead) finished._finish(kept.take());
            try {
              next = decide(finished);
            } catch (error) {
              return subscriber.error(error);
            }
          }
          if (next !== undefined) {
            after = next(finished!).subscribe(subscriber);
            return;
          }
          for (const event of held ?? []) subscriber.next(event);
          subscriber.complete();
        },
      });
      return () => {
        hop.unsubscribe();
        after?.unsubscribe();
      };
    });
}
