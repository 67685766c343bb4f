/**
 * The error tree. Every class has a stable `name` and works with `instanceof`.
 *
 * ```
 * HttpError
 * ├─ RequestError                      (request)
 * │  ├─ TransportError
 * │  │  ├─ TimeoutError: ConnectTimeout, ReadTimeout, WriteTimeout, PoolTimeout, TotalTimeout
 * │  │  ├─ NetworkError: ConnectError, ReadError, WriteError, CloseError
 * │  │  ├─ ProtocolError: LocalProtocolError, RemoteProtocolError
 * │  │  ├─ ProxyError
 * │  │  └─ UnsupportedProtocol
 * │  ├─ DecodingError
 * │  ├─ TooManyRedirects
 * │  ├─ ResponseTooLarge
 * │  └─ ClientClosed
 * └─ HttpStatusError                   (request, response)
 * InvalidUrl   CookieConflict   StreamError: StreamConsumed, StreamClosed, ResponseNotRead, RequestNotRead
 * ```
 *
 * A `RequestError` may be created before its request exists (while validating input);
 * `request` is then filled in by whoever first knows it (the client's pipeline, at the latest).
 */
import type { Request } from './models/request.ts';
import type { Response } from './models/response.ts';

export interface ErrorOptions {
  cause?: unknown;
}

/** The root of every error httprx raises for an HTTP exchange. */
export class HttpError extends Error {
  override name = 'HttpError';
}

/** Each `RequestError`'s request, once known: kept here, so only `attachRequest` sets it later. */
const requests = new WeakMap<RequestError, Request>();

/** An error while sending a request or receiving its response. */
export class RequestError extends HttpError {
  override name = 'RequestError';
  constructor(message: string, request?: Request, options?: ErrorOptions) {
    super(message, options);
    if (request !== undefined) requests.set(this, request);
  }

  /**
   * The request that failed. Every error a client's request fails with has it; one created
   * before its request exists (while checking input) gets it on its way out of the client.
   * Reading it before then throws an `Error` saying so.
   */
  get request(): Request {
    const request = requests.get(this);
    if (request === undefined) {
      throw new Error(`This ${this.name} has no request attached yet: the client attaches it on the way out`);
    }
    return request;
  }
}

export class TransportError extends RequestError {
  override name = 'TransportError';
}

export class TimeoutError extends TransportError {
  override name = 'TimeoutError';
}
/** The whole request (every hop, auth round trip and retry) outlasted `timeout.total`. */
export class TotalTimeout extends TimeoutError {
  override name = 'TotalTimeout';
}
/** The connection was not established in time. */
export class ConnectTimeout extends TimeoutError {
  override name = 'ConnectTimeout';
}
/** The next piece of the response did not arrive in time. */
export class ReadTimeout extends TimeoutError {
  override name = 'ReadTimeout';
}
/** The next piece of the request body could not be written in time. */
export class WriteTimeout extends TimeoutError {
  override name = 'WriteTimeout';
}
/** No connection of the pool became free in time. */
export class PoolTimeout extends TimeoutError {
  override name = 'PoolTimeout';
}

export class NetworkError extends TransportError {
  override name = 'NetworkError';
}
/** The connection could not be opened (refused, DNS failure, TLS handshake failure). */
export class ConnectError extends NetworkError {
  override name = 'ConnectError';
}
/** The connection failed while receiving. */
export class ReadError extends NetworkError {
  override name = 'ReadError';
}
/** The connection failed while sending. */
export class WriteError extends NetworkError {
  override name = 'WriteError';
}
/** The connection failed while closing. */
export class CloseError extends NetworkError {
  override name = 'CloseError';
}

export class ProtocolError extends TransportError {
  override name = 'ProtocolError';
}
/** The request breaks the protocol (bad header, bad method); raised before anything is sent. */
export class LocalProtocolError extends ProtocolError {
  override name = 'LocalProtocolError';
}
/** The server broke the protocol. */
export class RemoteProtocolError extends ProtocolError {
  override name = 'RemoteProtocolError';
}

export class ProxyError extends TransportError {
  override name = 'ProxyError';
  /**
   * What the proxy said no with: its HTTP status (407 when it wants credentials), or the SOCKS5
   * byte (255: no method offered suits it; the RFC 1929 status for credentials; else the
   * RFC 1928 reply code). `undefined` when the proxy never answered.
   */
  status?: number;
  /** The headers of the proxy's HTTP reply, when it gave one. */
  headers?: Response['headers'];
}
/** The URL's scheme is not one the transport speaks. */
export class UnsupportedProtocol extends TransportError {
  override name = 'UnsupportedProtocol';
}
/** The response body could not be decoded (content encoding). */
export class DecodingError extends RequestError {
  override name = 'DecodingError';
}
/** The client (or its transport) was closed: nothing is sent. */
export class ClientClosed extends RequestError {
  override name = 'ClientClosed';
}
/** More redirects than `maxRedirects`. */
export class TooManyRedirects extends RequestError {
  override name = 'TooManyRedirects';
}
/** The response body passed `maxResponseSize` (decoded bytes), or declared more: its connection is closed. */
export class ResponseTooLarge extends RequestError {
  override name = 'ResponseTooLarge';
}

/** Raised by `response.raiseForStatus()` for anything but 2xx. */
export class HttpStatusError extends HttpError {
  override name = 'HttpStatusError';
  readonly request: Request;
  readonly response: Response;
  constructor(message: string, request: Request, response: Response) {
    super(message);
    this.request = request;
    this.response = response;
  }
}

/** A URL that cannot be parsed or used. */
export class InvalidUrl extends Error {
  override name = 'InvalidUrl';
}
/** Several cookies match a name where one was expected. */
export class CookieConflict extends Error {
  override name = 'CookieConflict';
}

export class StreamError extends Error {
  override name = 'StreamError';
}
/** A one-shot body was needed a second time (redirect, retry, re-subscribe). */
export class StreamConsumed extends StreamError {
  override name = 'StreamConsumed';
  constructor(message = 'The body is a one-shot stream and was already consumed; it cannot be sent again.') {
    super(message);
  }
}
/** The stream was closed before it was read. */
export class StreamClosed extends StreamError {
  override name = 'StreamClosed';
}
/** `response.content`/`text`/`json()` on a response whose body was streamed, not buffered. */
export class ResponseNotRead extends StreamError {
  override name = 'ResponseNotRead';
  constructor(message = 'The response body was streamed, not read: use client.events()/get() to buffer it.') {
    super(message);
  }
}
/** `request.content` on a request whose body is a stream. */
export class RequestNotRead extends StreamError {
  override name = 'RequestNotRead';
  constructor(message = 'The request body is a stream and has not been read into memory.') {
    super(message);
  }
}

/**
 * Sets `request` on a `RequestError` that was raised before its request was known.
 * @internal
 */
export function attachRequest<E>(error: E, request: Request): E {
  if (error instanceof RequestError && !requests.has(error)) requests.set(error, request);
  return error;
}
