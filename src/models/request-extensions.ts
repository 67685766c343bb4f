import type { TimeoutOption } from '../config/timeout.ts';
import type { Delivery } from './delivery.ts';

/**
 * Per-request settings for transports and middleware. Unknown keys are kept and passed along.
 * The auth layer adds `auth` to this interface itself (middleware/auth/types.ts), so that the
 * models name no middleware.
 */
export interface RequestExtensions {
  /**
   * The request target sent on the wire instead of the URL's path and query, e.g. `'*'` for
   * `OPTIONS *`. Sent as it is, so it must be a form of RFC 9112 §3.2 (`/path?query`, an
   * absolute URL, `*` with OPTIONS, `host:port` with CONNECT) in visible ASCII: anything else
   * (a CR, LF or space above all) is a `LocalProtocolError` before anything is sent.
   * @default the URL's path and query
   */
  target?: string;
  /**
   * This request's phase timeouts, replacing the client's; `null` disables them. Set from
   * `RequestOptions.timeout`.
   * @default the client's `timeout`
   */
  timeout?: TimeoutOption;
  /**
   * Whether this request follows redirects. Set from `RequestOptions.followRedirects`.
   * @default the client's `followRedirects`
   */
  followRedirects?: boolean;
  /**
   * What the response's consumer wants the transport to emit ({@link Delivery}): set by the
   * client for each call (`get()` buffers without progress events, `events()` and `stream()`
   * watch progress).
   * @default { body: 'stream', progress: true }: every event, the body as chunks
   */
  delivery?: Delivery;
  /**
   * The most bytes of decoded body the response may have (`ResponseTooLarge` past it); `null`
   * for no limit. Set from `RequestOptions.maxResponseSize` or the client's.
   * @default no limit
   */
  maxResponseSize?: number | null;
  [key: string]: unknown;
}
