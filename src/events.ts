import { filter, type MonoTypeOperatorFunction, map, Observable, type OperatorFunction, pipe } from 'rxjs';
import type { Request } from './models/request.ts';
import type { Response } from './models/response.ts';

/** The request was handed to the transport. `attempt` counts from 1 (retries add to it). */
export interface SentEvent {
  type: 'sent';
  request: Request;
  attempt: number;
}
/** Request body bytes written so far. `total` is known when the body's length is. */
export interface UploadEvent {
  type: 'upload';
  loaded: number;
  total?: number;
}
/** The status line and headers arrived; the body is not read yet. */
export interface HeadersEvent {
  type: 'headers';
  response: Response;
}
/** Body bytes received so far, as on the wire (before content decoding). */
export interface DownloadEvent {
  type: 'download';
  loaded: number;
  total?: number;
}
/** A piece of the decoded body. */
export interface ChunkEvent {
  type: 'chunk';
  data: Uint8Array;
}
/** A redirect hop: its response and the request that follows it. */
export interface RedirectEvent {
  type: 'redirect';
  response: Response;
  request: Request;
}
/** Another attempt is about to be made after `delay` ms. */
export interface RetryEvent {
  type: 'retry';
  attempt: number;
  delay: number;
  error?: unknown;
  response?: Response;
}
/**
 * A phase of opening the request's connection ended (Node, a connection opened for this
 * request): `dns` (the host name looked up), `tcp` (connected), `tls` (handshake done), as it
 * happens, with how long it took in ms on the client's scheduler. The phases and their order are
 * those of `response.timings`, which has every phase. Only `events()` and `stream()` carry it;
 * a reused connection has none.
 */
export interface TimingEvent {
  type: 'timing';
  phase: 'dns' | 'tcp' | 'tls';
  duration: number;
}
/** The final response: always the last event before completion. */
export interface ResponseEvent {
  type: 'response';
  response: Response;
}

/** Everything a request's event stream can emit. */
export type HttpEvent =
  | SentEvent
  | UploadEvent
  | HeadersEvent
  | DownloadEvent
  | ChunkEvent
  | RedirectEvent
  | RetryEvent
  | TimingEvent
  | ResponseEvent;

export type HttpEventType = HttpEvent['type'];
export type HttpEventOf<T extends HttpEventType> = Extract<HttpEvent, { type: T }>;

/** A type guard for one kind of event: `events$.pipe(filter(isEvent('upload')))`. */
export function isEvent<T extends HttpEventType>(type: T): (event: HttpEvent) => event is HttpEventOf<T> {
  return (event): event is HttpEventOf<T> => event.type === type;
}

/** Keeps only the events of one type. */
export function ofType<T extends HttpEventType>(type: T): OperatorFunction<HttpEvent, HttpEventOf<T>> {
  return filter(isEvent(type));
}

/** The final `Response` of each request in the stream (one operator: every verb goes through it). */
export function responses(): OperatorFunction<HttpEvent, Response> {
  return (source) =>
    new Observable<Response>((subscriber) =>
      source.subscribe({
        next: (event) => {
          if (event.type === 'response') subscriber.next(event.response);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/** The decoded body pieces. */
export function chunks(): OperatorFunction<HttpEvent, Uint8Array> {
  return pipe(
    ofType('chunk'),
    map((event) => event.data),
  );
}

/** Progress of one direction: `{ loaded, total?, fraction? }`, fraction in 0..1 when the total is known. */
export interface Progress {
  loaded: number;
  total?: number;
  fraction?: number;
}

/** Upload or download progress, with the fraction done when the total is known. */
export function progress(direction: 'upload' | 'download'): OperatorFunction<HttpEvent, Progress> {
  return pipe(
    ofType(direction),
    map(({ loaded, total }) =>
      total === undefined ? { loaded } : { loaded, total, fraction: total === 0 ? 1 : loaded / total },
    ),
  );
}

/** Passes events through, calling `fn` on each of one type: `tapEvent('retry', e => log(e.delay))`. */
export function tapEvent<T extends HttpEventType>(
  type: T,
  fn: (event: HttpEventOf<T>) => void,
): MonoTypeOperatorFunction<HttpEvent> {
  return map((event) => {
    if (event.type === type) fn(event as HttpEventOf<T>);
    return event;
  });
}

/**
 * Passes 2xx responses on and errors with `HttpStatusError` (carrying the response) at the
 * first one of any other status, as `response.raiseForStatus()` does: statuses are not errors
 * until you ask.
 *
 * @example
 * client.get('/users/1').pipe(raiseForStatus(), json<User>())
 */
export function raiseForStatus(): MonoTypeOperatorFunction<Response> {
  return map((response) => response.raiseForStatus());
}

/**
 * Maps each response to its body parsed as JSON (`response.json<T>()`); a body that is not
 * JSON errors the stream with `DecodingError`. `T` is what you expect, not checked.
 *
 * @example
 * const user$: Observable<User> = client.get('/users/1').pipe(raiseForStatus(), json<User>());
 */
export function json<T = unknown>(): OperatorFunction<Response, T> {
  return map((response) => response.json<T>());
}
