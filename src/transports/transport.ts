import type { Observable } from 'rxjs';
import type { HttpEvent } from '../events.ts';
import type { Request } from '../models/request.ts';

/**
 * The request is on a live connection (a pool slot was granted and the connection is open).
 * Internal: the phase timeouts use it; it never reaches a user's stream.
 */
export interface ConnectedEvent {
  type: 'connected';
}

/** What a transport emits: the public events plus the internal `connected`. */
export type TransportEvent = HttpEvent | ConnectedEvent;

/** Live connection counts, summed over every origin. */
export interface PoolCounts {
  active: number;
  idle: number;
}

/**
 * Sends requests. `handle` is cold: each subscription sends the request anew, and
 * unsubscribing aborts it. A transport emits `connected`, then `upload`s, `headers`,
 * `download`/`chunk` pairs, and ends with `response` (whose body it does not buffer).
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
