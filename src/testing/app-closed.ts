import { Observable } from 'rxjs';
import { ClientClosed } from '../errors.ts';
import type { Request } from '../models/request.ts';
import type { TransportEvent } from '../transports/transport.ts';

/**
 * `serve(request)`'s events, unless the transport is closed when they are subscribed to: then
 * a `ClientClosed` error, and the app is not called. Cold, as `serve` is.
 */
export function whileOpen(
  closed: () => boolean,
  serve: (request: Request) => Observable<TransportEvent>,
  request: Request,
): Observable<TransportEvent> {
  return new Observable<TransportEvent>((subscriber) => {
    if (closed()) {
      subscriber.error(new ClientClosed('The AppTransport has been closed: the app is not called', request));
      return;
    }
    return serve(request).subscribe(subscriber);
  });
}
