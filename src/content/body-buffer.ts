import { concatBytes } from './bytes.ts';

/**
 * A body kept in memory as it arrives: the one place a response body is buffered, whether by a
 * transport (nobody watches the chunks), the client's edge (`events()` of a transport that
 * streams) or a layer that reads a hop's body (an auth flow).
 */
export class BodyBuffer {
  #chunks: Uint8Array[] = [];

  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
  }

  /** The bytes so far as one array (the only chunk itself when there is one); the buffer starts empty again. */
  take(): Uint8Array {
    const bytes = concatBytes(this.#chunks);
    this.#chunks = [];
    return bytes;
  }

  /** Forgets what was kept (a new response began, or the body is discarded). */
  clear(): void {
    if (this.#chunks.length > 0) this.#chunks = [];
  }
}
