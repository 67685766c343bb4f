import type { RequestContent } from '../content/content.ts';
import type { Request } from '../models/request.ts';
import type { TransportEvent } from '../transports/transport.ts';

/** The size of the pieces a large body is written in, so `upload` events follow the socket. */
export const UPLOAD_SLICE = 64 * 1024;

async function* sliced(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (chunk.length <= UPLOAD_SLICE) yield chunk;
    else for (let at = 0; at < chunk.length; at += UPLOAD_SLICE) yield chunk.subarray(at, at + UPLOAD_SLICE);
  }
}

/**
 * What undici is given to send: a small in-memory body as it is (one write, the fast path);
 * anything larger, or streamed, in slices of at most 64 KiB (views, not copies), because undici
 * reports a body as sent chunk by chunk and a 16 MiB Blob would otherwise be one `upload` event.
 * Opening the stream here throws `StreamConsumed` for a one-shot body read before.
 */
export function uploadBody(content: RequestContent): Uint8Array | AsyncIterable<Uint8Array> {
  const { bytes } = content;
  if (bytes !== undefined && bytes.length <= UPLOAD_SLICE) return bytes;
  return sliced(bytes === undefined ? content.stream() : [bytes]);
}

/** The `upload` event once `loaded` bytes of the request's body are out (`total` when known). */
export function uploadEvent(request: Request, loaded: number): TransportEvent {
  const total = request.body?.length;
  return total === undefined ? { type: 'upload', loaded } : { type: 'upload', loaded, total };
}
