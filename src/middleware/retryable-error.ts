import {
  CloseError,
  NetworkError,
  PoolTimeout,
  RemoteProtocolError,
  TimeoutError,
  TotalTimeout,
} from '../errors.ts';

/**
 * Whether an attempt that failed with `error`, before any response byte arrived, is worth
 * making again: a transient failure of the connection or the server.
 *
 * - yes: `ConnectTimeout`, `ReadTimeout`, `WriteTimeout` (a phase of one attempt ran out);
 *   `ConnectError`, `ReadError`, `WriteError` and any other `NetworkError` (refused, reset,
 *   DNS hiccup); `RemoteProtocolError` (the server closed the connection without answering,
 *   or answered with something that is not HTTP).
 * - no: `PoolTimeout` (the client's own pool is full: nothing reached the network, and waiting
 *   longer is what `timeout.pool` bounds); `TotalTimeout` (the whole request is out of time);
 *   `CloseError` (the pool was closed); `LocalProtocolError`, `UnsupportedProtocol`,
 *   `ProxyError` (the request or the set-up is wrong: sending again cannot help);
 *   `DecodingError`, `StreamConsumed` and any error that is not httprx's.
 *
 * The retry middleware asks only about errors raised before the `headers` event: once a
 * response byte arrived, an error is final.
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof TimeoutError) return !(error instanceof PoolTimeout || error instanceof TotalTimeout);
  if (error instanceof NetworkError) return !(error instanceof CloseError);
  return error instanceof RemoteProtocolError;
}
