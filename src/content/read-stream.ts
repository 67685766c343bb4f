import { toChunk } from './bytes.ts';

/**
 * The chunks of a WHATWG `ReadableStream`, read with a reader. Stopping early (the consumer
 * breaks out, or a chunk is not bytes) cancels the stream; the lock is always released.
 */
export async function* readStream(
  stream: ReadableStream<unknown>,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let done = false;
  try {
    while (true) {
      const result = await reader.read();
      if (result.done) {
        done = true;
        return;
      }
      yield toChunk(result.value);
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
