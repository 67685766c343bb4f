import { concatBytes } from './bytes.ts';

/**
 * A body kept in memory as it arrives: the one place a response body is buffered, whether by a
 * transport (nobody watches the chunks), the client's edge (`events()` of a transport that
 * streams) or a layer that reads a hop's body (an auth flow). A body of one chunk (most small
 * ones) costs no array.
 */
export class BodyBuffer {
  #first: Uint8Array | null = null;
  #rest: Uint8Array[] | null = null;

  push(chunk: Uint8Array): void {
    if (this.#first === null) this.#first = chunk;
    else if (this.#rest === null) this.#rest = [this.#first, chunk];
    else this.#rest.push(chunk);
  }

  /** The bytes so far as one array (the only chunk itself when there is one); the buffer starts empty again. */
  take(): Uint8Array {
    const bytes = this.#rest !== null ? concatBytes(this.#rest) : (this.#first ?? concatBytes([]));
    this.clear();
    return bytes;
  }

  /** Forgets what was kept (a new response began, or the body is discarded). */
  clear(): void {
    this.#first = null;
    this.#rest = null;
  }
}
