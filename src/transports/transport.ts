import type { Observable } from 'rxjs';
import type { HttpEvent } from '../events.ts';
// For the TSDoc links only.
import type { Delivery } from '../models/delivery.ts';
import type { Request } from '../models/request.ts';

/**
 * The request is on a live connection (a pool slot was granted and the connection is open,
 * TLS handshake included): the connect phase is over. Internal.
 */
export interface ConnectedEvent {
  type: 'connected';
  /** The connection was opened for this request: its `connection` steps came before. @default false */
  opened?: boolean;
}

/** The steps of opening a connection: the socket made, its host looked up, TCP connected, TLS done. */
export type ConnectionStep = 'socket' | 'dns' | 'tcp' | 'tls';

/**
 * A step of opening a connection for the request ended (a transport that can tell: Node's pool),
 * for `response.timings`; `connected` with `opened` confirms the connection was the request's.
 * Internal.
 */
export interface ConnectionEvent {
  type: 'connection';
  step: ConnectionStep;
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
 * More of the response body arrived, when nobody watches `download` progress (the request's
 * `delivery`): the read phase's clock starts afresh. Internal.
 */
export interface ReceivedEvent {
  type: 'received';
}

/**
 * The events a transport adds for the phase timeouts, which consume them: `timeouts()` passes
 * none of them on. Without it, middleware pass them on like any event they do not know, and
 * the client removes them at its edge, so they never reach a user's stream.
 */
export type InternalEvent =
  | ConnectedEvent
  | QueuedEvent
  | ConnectingEvent
  | WrittenEvent
  | ReceivedEvent
  | ConnectionEvent;

/** What a transport emits: the public events plus the internal ones. */
export type TransportEvent = HttpEvent | InternalEvent;

/** True for the transport's internal events, which a user's stream never sees. */
export function isInternalEvent(event: { readonly type: string }): event is InternalEvent {
  // A switch over the names, not a Set: every event of every request asks, and comparing a
  // few constant strings costs less than a hash look-up.
  switch (event.type) {
    case 'connected':
    case 'queued':
    case 'connecting':
    case 'written':
    case 'received':
    case 'connection':
      return true;
    default:
      return false;
  }
}

/** Live connection counts, summed over every origin. */
export interface PoolCounts {
  active: number;
  idle: number;
}

/**
 * Sends requests. `handle` is cold: each subscription sends the request anew, and
 * unsubscribing aborts it. A transport emits `connected`, then `upload`s, `headers`, the body
 * as the request's `extensions.delivery` asks (see {@link Delivery}; `ResponseBody` does it
 * for any transport), and ends with `response`. A pool may say `queued` (waiting for a slot)
 * and `connecting` (slot granted) before `connected`, and `written` once the body is sent; a
 * transport that cannot tell these apart simply leaves them out, and the phase timeouts count
 * all the wait before `connected` as connect time.
 */
export interface Transport {
  handle(request: Request): Observable<TransportEvent>;
  close(): Promise<void>;
  /** Live connection counts, for `String(client)`. */
  counts?(): PoolCounts;
}

/**
 * A function that sends a request and returns its events: the `next` of a middleware. Inside
 * the pipeline the events are `TransportEvent`s: the public ones, and the internal ones a
 * layer passes on untouched (the client's edge removes them).
 */
export type Handler = (request: Request) => Observable<TransportEvent>;

/**
 * One layer of the pipeline: it may change the request, re-issue it, or transform the events.
 * Events it does not know (the internal ones included) it passes on as they are.
 */
export type Middleware = (request: Request, next: Handler) => Observable<TransportEvent>;
