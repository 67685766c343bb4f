import type { TimeoutPhase } from '../config/timeout.ts';
import { ConnectTimeout, PoolTimeout, ReadTimeout, type TimeoutError, WriteTimeout } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';
import type { TransportEvent } from '../transports/transport.ts';

/** Where one attempt is: a timed phase, or `done` once its response arrived. */
export type Phase = TimeoutPhase | 'done';

/**
 * The phase an attempt is in after `event`, as the transport's events tell it, or `null` when
 * the event says nothing about the exchange's progress (`sent`, events this does not know):
 *
 *   (start) connect ─queued→ pool ─connecting→ connect ─connected→ write ─upload (all) / written→ read ─response→ done
 *
 * A request without a body goes from `connected` straight to `read`. A body's end is known
 * from an `upload` whose `loaded` reached its `total`, or from `written` (a chunked body has
 * no total); a transport that says neither leaves the rest of the wait before the response
 * to `write`. Any response event means the response is under way (`read`), whatever came
 * before: a server may answer before it read the whole body. A pool that starts over on a
 * fresh connection says `queued`/`connecting`/`connected` again.
 */
export function phaseAfter(phase: Phase, event: TransportEvent, hasBody: boolean): Phase | null {
  if (phase === 'done') return null;
  switch (event.type) {
    case 'queued':
      return 'pool';
    case 'connecting':
      return 'connect';
    case 'connected':
      return hasBody ? 'write' : 'read';
    case 'upload': {
      const complete = event.total !== undefined && event.loaded >= event.total;
      return phase === 'read' || complete ? 'read' : 'write';
    }
    case 'written':
    case 'received':
    case 'headers':
    case 'download':
    case 'chunk':
      return 'read';
    case 'response':
      return 'done';
    default:
      return null;
  }
}

const WHAT_TIMED_OUT: Readonly<Record<TimeoutPhase, string>> = {
  pool: 'no free connection in the pool',
  connect: 'the connection did not open',
  write: 'no progress writing the request body',
  read: 'no response data',
};

/**
 * The error for a phase that ran out of time, e.g. `ReadTimeout` for `read`, naming the request,
 * the limit and the option that set it: `GET http://h/slow: no response data within 5000 ms
 * (timeout.read)`.
 */
export function phaseTimeout(phase: TimeoutPhase, limit: number, request: Request): TimeoutError {
  const message = `${request.method} ${urlForMessage(request.url)}: ${WHAT_TIMED_OUT[phase]} within ${limit} ms (timeout.${phase})`;
  switch (phase) {
    case 'pool':
      return new PoolTimeout(message, request);
    case 'connect':
      return new ConnectTimeout(message, request);
    case 'write':
      return new WriteTimeout(message, request);
    case 'read':
      return new ReadTimeout(message, request);
  }
}
