import type { RequestContent } from '../content/content.ts';

/** What a browser's XHR `send()` and `fetch()` both take as a request body. */
export type PlatformBody = Uint8Array<ArrayBuffer> | Blob;

/**
 * A request body as the browser takes it: none, the bytes or the Blob as they are (the Blob
 * unread: the browser streams it from disk; a multipart body of fields and Blobs/Files is one
 * such Blob), or, for a streamed body (a ReadableStream, an Observable, a multipart body with a
 * streamed file), its chunks read first and joined into one Blob, because
 * neither XHR nor fetch over HTTP/1.1 can send a body of unknown length. Only that last case
 * is a Promise: the body is read at the transport's edge, before anything is sent.
 */
export function platformBody(content: RequestContent | null): PlatformBody | null | Promise<PlatformBody> {
  if (content === null) return null;
  if (content.bytes !== undefined) return content.bytes as Uint8Array<ArrayBuffer>;
  if (content.blob !== undefined) return content.blob;
  return joined(content.stream());
}

/**
 * Calls `send` with the request's platform body: at once when it is at hand, else once it has
 * been read (`fail` with the reading's error). The transports' one way to wait for a body.
 */
export function withPlatformBody(
  content: RequestContent | null,
  send: (body: PlatformBody | null) => void,
  fail: (error: unknown) => void,
): void {
  const body = platformBody(content);
  if (body instanceof Promise) body.then(send, fail);
  else send(body);
}

async function joined(chunks: AsyncIterable<Uint8Array>): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const chunk of chunks) parts.push(chunk as Uint8Array<ArrayBuffer>);
  return new Blob(parts);
}
