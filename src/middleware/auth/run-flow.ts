import { defer, from, map, Observable, switchMap, toArray } from 'rxjs';
import { concatBytes } from '../../content/bytes.ts';
import type { RequestContent } from '../../content/content.ts';
import { bytesContent } from '../../content/raw-content.ts';
import { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';
import type { Handler, TransportEvent } from '../../transports/transport.ts';
import { takeOver } from '../take-over.ts';
import { takeOverWhenRead } from './take-over-read.ts';
import type { Auth } from './types.ts';

/**
 * Runs an `Auth`'s generator flow around `next` (the redirect loop): each request it yields
 * is sent, and its response handed back to it, at the `headers` event (or, with
 * `requiresResponseBody`, once the body is read). If the flow yields another request, the
 * response goes into the history, its body discarded unread (kept only with
 * `requiresResponseBody`); when the flow returns, the response
 * and its events pass on as the final ones. With `requiresRequestBody`, a streamed body is
 * read into memory before the flow starts. Unsubscribing ends the flow (`return()`).
 */
export function runAuthFlow(auth: Auth, request: Request, next: Handler): Observable<TransportEvent> {
  const body = request.body;
  if (!auth.requiresRequestBody || body === null || body.bytes !== undefined)
    return drive(auth, request, next);
  return defer(() => from(body.stream())).pipe(
    toArray(),
    switchMap((chunks) => drive(auth, request.with({ body: inMemory(body, concatBytes(chunks)) }), next)),
  );
}

/** The body, now in memory: replayable, its length known; the request's headers stay as they were. */
function inMemory(body: RequestContent, bytes: Uint8Array): RequestContent {
  return { ...bytesContent(bytes), headers: body.headers };
}

function drive(auth: Auth, request: Request, next: Handler): Observable<TransportEvent> {
  return new Observable<TransportEvent>((subscriber) => {
    const flow = auth.authFlow(request);
    const decideAt = auth.requiresResponseBody ? takeOverWhenRead : takeOver;
    // The responses the flow answered with another request, each after its own history.
    let answered: Response[] = [];
    const send = (outgoing: Request): Observable<TransportEvent> =>
      next(outgoing).pipe(
        decideAt((response) => {
          const step = flow.next(response);
          if (step.done) return undefined;
          const following = checked(step.value);
          // Once the hop is over (the layers below have stamped its own history by then).
          return (finished) => {
            finished.history = [...answered, ...finished.history];
            answered = [...finished.history, finished];
            return send(following);
          };
        }),
      );
    subscriber.add(() => {
      try {
        flow.return();
      } catch {
        // A flow that fails while being ended has no one left to tell.
      }
    });
    const first = flow.next();
    if (first.done) throw new TypeError('The auth flow returned without yielding a request');
    return send(checked(first.value))
      .pipe(
        map((event) => {
          if ((event.type === 'headers' || event.type === 'response') && answered.length > 0) {
            const { response } = event;
            if (response.history[0] !== answered[0]) response.history = [...answered, ...response.history];
          }
          return event;
        }),
      )
      .subscribe(subscriber);
  });
}

function checked(value: unknown): Request {
  if (!(value instanceof Request)) throw new TypeError('An auth flow must yield Request objects');
  return value;
}
