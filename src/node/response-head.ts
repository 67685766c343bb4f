import { Buffer } from 'node:buffer';
import { Headers } from '../models/headers.ts';
import type { ResponseHead } from '../transports/response-body.ts';

/** The head of a final status line and undici's raw headers (raw casing kept). */
export function responseHead(
  status: number,
  rawHeaders: unknown,
  statusText: string | undefined,
): ResponseHead {
  const headers = Headers.fromRaw(rawHeaderStrings((rawHeaders ?? []) as ReadonlyArray<Buffer | string>));
  return statusText
    ? { status, headers, ownHeaders: true, reasonPhrase: statusText }
    : { status, headers, ownHeaders: true };
}

/** Header blocks read together span at most this many bytes (undici's default limit is 16 KiB). */
const MAX_SPAN = 64 * 1024;

/**
 * undici's raw header names and values as latin1 strings. They are views into the socket
 * chunk the head arrived in: then the whole span is decoded once and cut into substrings,
 * which costs one call into Node instead of one per name and value (ten for a small response).
 * Pieces of another origin (a head split over reads is joined into buffers of its own) are
 * decoded one by one.
 */
export function rawHeaderStrings(raw: ReadonlyArray<Buffer | string>): string[] {
  const span = sharedSpan(raw);
  if (span === null) return raw.map((item) => (typeof item === 'string' ? item : item.toString('latin1')));
  const [memory, start, end] = span;
  const text = Buffer.from(memory, start, end - start).toString('latin1');
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i] as Buffer;
    const from = item.byteOffset - start;
    out[i] = text.slice(from, from + item.length);
  }
  return out;
}

/** The memory every piece views and the range they cover, or null when they do not share one. */
function sharedSpan(raw: ReadonlyArray<Buffer | string>): [ArrayBufferLike, number, number] | null {
  const first = raw[0];
  if (raw.length < 2 || typeof first === 'string' || first === undefined) return null;
  const memory = first.buffer;
  let start = first.byteOffset;
  let end = start + first.length;
  for (let i = 1; i < raw.length; i++) {
    const item = raw[i]!;
    if (typeof item === 'string' || item.buffer !== memory) return null;
    if (item.byteOffset < start) start = item.byteOffset;
    if (item.byteOffset + item.length > end) end = item.byteOffset + item.length;
  }
  return end - start <= MAX_SPAN ? [memory, start, end] : null;
}

/** The body length a `Content-Length` header declares, or `undefined` when it declares none. */
export function declaredLength(headers: Headers): number | undefined {
  const length = headers.getKey('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
}
