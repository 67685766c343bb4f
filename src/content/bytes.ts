import { describe } from '../config/describe.ts';

const encoder = new TextEncoder();

/** An empty body. */
export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** `text` as UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** True for a `Uint8Array`, another typed array or `DataView`, or an `ArrayBuffer`. */
export function isBinary(value: unknown): value is ArrayBuffer | ArrayBufferView {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/**
 * One chunk of a body as a `Uint8Array`, leniently: a string is encoded as UTF-8, an
 * `ArrayBuffer` or any typed array/`DataView` is viewed (not copied). A Node `Buffer` is a
 * `Uint8Array` already and passes through. Anything else is a `TypeError`.
 */
export function toChunk(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return utf8(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`A body chunk must be bytes or a string, not ${describe(value)}`);
}

/** Makes the array a join fills: zero-filled here; a platform may install a faster one. */
let allocate: (size: number) => Uint8Array = (size) => new Uint8Array(size);

/**
 * Sets how `concatBytes` gets the memory it fills. The Node client (node/client.ts) installs
 * `Buffer.allocUnsafeSlow`, which skips the zero-fill: a response body is joined on every
 * request, and a 64 KiB memset shows in the profile. `next` must return a plain `Uint8Array`
 * of `size` bytes that nothing else uses.
 * @internal
 */
export function useByteAllocator(next: (size: number) => Uint8Array): void {
  allocate = next;
}

/** The chunks joined into one array (the only chunk itself when there is one). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const out = allocate(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
