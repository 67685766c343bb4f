import { Observable } from 'rxjs';
import type { Request } from '../models/request.ts';
import type { Handler, Middleware, Transport, TransportEvent } from '../transports/transport.ts';

/**
 * The innermost handler: says `sent` (attempt 1; a retry layer renumbers it), then hands the
 * request to the transport. Its internal events (`connected`, …) go up to `timeouts()`, which
 * consumes them; without it they pass up the chain (every middleware passes on events it does
 * not know) and the client removes them at its edge.
 */
export function sendVia(transport: Transport): Handler {
  return (request: Request) =>
    new Observable<TransportEvent>((subscriber) => {
      subscriber.next({ type: 'sent', request, attempt: 1 });
      return transport.handle(request).subscribe(subscriber);
    });
}

/**
 * Wraps a transport in middleware, outermost first: `compose(pool, a, b)` sends each request
 * through `a`, then `b`, then the pool; events flow back the other way. The result is a
 * `Transport` again, so it can be composed further or given to a `Client`.
 */
export function compose(transport: Transport, ...middleware: readonly Middleware[]): Transport {
  const handler = middleware.reduceRight<Handler>(
    (next, layer) => (request) => layer(request, next),
    sendVia(transport),
  );
  return {
    handle: handler,
    close: () => transport.close(),
    counts: () => transport.counts?.() ?? { active: 0, idle: 0 },
  };
}
