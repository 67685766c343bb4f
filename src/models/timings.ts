/**
 * How long each phase of one exchange took, in ms on the client's `scheduler` (so a
 * `TestScheduler` gives exact values), with got's phase names. The phases follow each other:
 * `wait`, then `dns`, `tcp` and `tls` for a connection opened for the request, then `request`,
 * `firstByte` and `download`, and together they make `total`. A phase that did not happen, or
 * that the transport cannot tell, is `undefined`: a reused connection has no `dns`, `tcp` or
 * `tls`; a host given as an IP address needs no lookup (no `dns`); plain http has no `tls`.
 *
 * Each hop and each attempt has its own: a redirect's response carries the timings of its hop.
 * The Node client sets them (`response.timings`); a browser's responses have none (the
 * platform does not tell the phases; the Resource Timing API does).
 */
export interface Timings {
  /**
   * From the start (the client's queue included, for a request that waited there) until the
   * request has a connection: a reused one, or one that starts opening for it.
   */
  readonly wait: number | undefined;
  /** The host name lookup of a connection opened for the request. */
  readonly dns: number | undefined;
  /** Opening the TCP connection (after the lookup, if any). */
  readonly tcp: number | undefined;
  /** The TLS handshake of an https connection opened for the request. */
  readonly tls: number | undefined;
  /**
   * From the connection being ready until the request, its body included, was written (or
   * until the response head, when the server answered before reading the whole body).
   */
  readonly request: number | undefined;
  /** From the request written until the response head arrived (time to first byte). */
  readonly firstByte: number | undefined;
  /** From the response head until the end of the body; `undefined` while the body is still coming. */
  readonly download: number | undefined;
  /** From the start until the end of the body; `undefined` while the body is still coming. */
  readonly total: number | undefined;
}

/** The phases of {@link Timings}. */
export type TimingPhase = keyof Timings;
