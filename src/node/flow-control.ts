/**
 * Backpressure for a response read as it arrives (`stream()`, `events()`), on Node: give a
 * `FlowControl` as the request's `extensions.flow`, and `pause()` when the consumer cannot take
 * more chunks (a file stream whose `write()` returned false), `resume()` when it can (its
 * `drain`). While paused nothing more is read from the connection, so its buffers fill and the
 * server's writes stall; no chunk is dropped or buffered here. Pausing before the response
 * starts holds it from its first byte. One `FlowControl` serves one request at a time.
 *
 * @example
 * const flow = new FlowControl();
 * client.stream('GET', url, { extensions: { flow } }).subscribe((event) => {
 *   if (event.type === 'chunk' && !file.write(event.data)) {
 *     flow.pause();
 *     file.once('drain', () => flow.resume());
 *   }
 * });
 */
export class FlowControl {
  #paused = false;
  #reader: FlowReader | undefined;

  /** True between `pause()` and `resume()`. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Stops reading the response from the connection. */
  pause(): void {
    this.#paused = true;
    this.#reader?.pause();
  }

  /** Reads on. */
  resume(): void {
    this.#paused = false;
    this.#reader?.resume();
  }

  /** @internal The response being read: paused at once if the consumer already asked. */
  attach(reader: FlowReader): void {
    this.#reader = reader;
    if (this.#paused) reader.pause();
  }
}

/** What reads a response: undici's dispatch controller. */
export interface FlowReader {
  pause(): void;
  resume(): void;
}

declare module '../models/request-extensions.ts' {
  interface RequestExtensions {
    /**
     * Backpressure for this request's response, on Node (see {@link FlowControl}).
     * @default none: chunks are read as fast as they come
     */
    flow?: FlowControl;
  }
}

/** The request's `FlowControl`, if it gave one. */
export function flowOf(extensions: { readonly flow?: unknown }): FlowControl | undefined {
  const flow = extensions.flow;
  return flow instanceof FlowControl ? flow : undefined;
}
