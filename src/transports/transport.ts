import type { Observable } from 'rxjs';
import type { HttpEvent } from '../events.ts';
import type { Request } from '../models/request.ts';

/**
 * The request is on a live connection (a pool slot was granted and the connection is open,
 * TLS handshake included): the connect phase is over. Internal.
 */
export interface ConnectedEvent {
  type: 'connected';
}

/** Every slot of the pool is taken: the request waits for one (the pool phase). Internal. */
export interface QueuedEvent {
  type: 'queued';
}

/**
 * The request has a pool slot again and is being put on a connection (the connect phase):
 * after `queued`, or when a transport starts over on a fresh connection. Internal.
 */
export interface ConnectingEvent {
  type: 'connecting';
}

/** The whole request, body included, has been written: only the response is awaited. Internal. */
export interface WrittenEvent {
  type: 'written';
}

/**
 * The events a transport adds for the phase timeouts. Middleware pass them on like any event
 * they do not know; the client removes them at its edge, so they never reach a user's stream.
 */
export type InternalEvent = ConnectedEvent | QueuedEvent | ConnectingEvent | WrittenEvent;

/** What a transport emits: the public events plus the internal ones. */
export type TransportEvent = HttpEvent | InternalEvent;

const INTERNAL: ReadonlySet<string> = new Set<InternalEvent['type']>([
  'connected',
  'queued',
  'connecting',
  'written',
]);

/** True for the transport's internal events, which a user's stream never sees. */
export function isInternalEvent(event: { readonly type: string }): event is InternalEvent {
  return INTERNAL.has(event.type);
}

/** Live connection counts, summed over every origin. */
export interface PoolCounts {
  active: number;
  idle: number;
}

/**
 * Sends requests. `handle` is cold: each subscription sends the request anew, and
 * unsubscribing aborts it. A transport emits `connected`, then `upload`s, `headers`,
 * `download`/`chunk` pairs, and ends with `response` (whose body it does not buffer).
 * A pool may say `queued` (waiting for a slot) and `connecting` (slot granted) before
 * `connected`, and `written` once the body is sent; a transport that cannot tell these apart
 * simply leaves them out, and the phase timeouts count all the wait before `connected` as
 * connect time.
 */
export interface Transport {
  handle(request: Request): Observable<TransportEvent>;
  close(): Promise<void>;
  /** Live connection counts, for `String(client)`. */
  counts?(): PoolCounts;
}

/** A function that sends a request and returns its events: the `next` of a middleware. */
export type Handler = (request: Request) => Observable<HttpEvent>;

/** One layer of the pipeline: it may change the request, re-issue it, or transform the events. */
export type Middleware = (request: Request, next: Handler) => Observable<HttpEvent>;
