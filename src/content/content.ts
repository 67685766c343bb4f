/**
 * A request body, normalized. Every kind of `content`, `data`, `json` and `files` becomes one
 * of these; transports only ever see this shape.
 */
export interface RequestContent {
  /** Headers the body implies, e.g. `Content-Type`; `Content-Length` is derived from `length`. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The length in bytes when known before sending, else `undefined` (sent chunked). */
  readonly length: number | undefined;
  /** True when the body can be sent again (redirects, retries, re-subscription). */
  readonly replayable: boolean;
  /** The whole body when it is already in memory, else `undefined`. */
  readonly bytes: Uint8Array | undefined;
  /** The whole body when it is one Blob, so a browser transport can hand it over unread. */
  readonly blob?: Blob;
  /**
   * The body's bytes, in order. A one-shot body (a Node stream, a ReadableStream, an async
   * iterator) gives them once; a second call throws `StreamConsumed`.
   */
  stream(): AsyncIterable<Uint8Array>;
}

/** Marks an object that can turn itself into a request body (`new Json(v)`, `new MultiPart(…)`). */
export interface ContentSource {
  toContent(): RequestContent;
}

export function isContentSource(value: unknown): value is ContentSource {
  return (
    typeof value === 'object' && value !== null && typeof (value as ContentSource).toContent === 'function'
  );
}
