import { Buffer } from 'node:buffer';
import { RemoteProtocolError } from '../errors.ts';
import { Headers } from '../models/headers.ts';
import type { Request } from '../models/request.ts';
import type { HttpVersion } from '../models/response-init.ts';
import type { ResponseHead } from '../transports/response-body.ts';

/**
 * The head of a final status line and undici's raw headers (raw casing kept). `parsed` is
 * undici's own reading of them (what `onResponseStart` is given): used when it can be shown to
 * hold them all, see {@link fromParsed}. `version` is what the pool knows of the connection's
 * protocol; when it knows nothing, the headers' shape tells: undici hands an HTTP/1.1 response's
 * raw headers as `[name, value, …]` pieces and an HTTP/2 response's as Node's http2 headers object.
 */
export function responseHead(
  status: number,
  rawHeaders: unknown,
  statusText: string | undefined,
  parsed?: unknown,
  version?: HttpVersion,
): ResponseHead {
  if (typeof rawHeaders === 'object' && rawHeaders !== null && !Array.isArray(rawHeaders)) {
    const headers = fromHttp2(rawHeaders);
    return (version ?? 'HTTP/2') === 'HTTP/2'
      ? { status, headers, ownHeaders: true, httpVersion: 'HTTP/2' }
      : { status, headers, ownHeaders: true };
  }
  const raw = (rawHeaders ?? []) as ReadonlyArray<Buffer | string>;
  const headers =
    (typeof parsed === 'object' && parsed !== null ? fromParsed(raw, parsed) : null) ??
    Headers.fromRaw(rawHeaderStrings(raw));
  const head: ResponseHead = statusText
    ? { status, headers, ownHeaders: true, reasonPhrase: statusText }
    : { status, headers, ownHeaders: true };
  if (version === 'HTTP/2') head.httpVersion = version;
  return head;
}

/**
 * The headers of Node's http2 headers object: lower-case names (HTTP/2 has no other casing),
 * a value or, for a name given more than once (Set-Cookie), an array of them; pseudo-headers
 * (`:status`, which undici has taken out already) are left out.
 */
function fromHttp2(object: object): Headers {
  const triples: string[] = [];
  for (const [name, value] of Object.entries(object)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) triples.push(name, name, String(one));
  }
  return Headers.fromTriples(triples);
}

/**
 * The headers from undici's parse of them, which it makes for every response anyway: its keys
 * are the lower-cased names in the order given, its values the latin1 values, so only the names
 * are decoded here (for their raw casing). Taken only when every name is distinct (a name given
 * twice becomes an array) and none is integer-like (those keys would be reordered); anything
 * else returns null and the raw pieces are decoded instead.
 */
function fromParsed(raw: ReadonlyArray<Buffer | string>, parsed: object): Headers | null {
  const keys = Object.keys(parsed);
  const count = keys.length;
  if (count * 2 !== raw.length) return null;
  // In the keys' order, without a keyed look-up per name.
  const values: unknown[] = Object.values(parsed);
  const names = rawNames(raw, count);
  const triples = new Array<string>(count * 3);
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    const value = values[i];
    const name = names[i]!;
    if (typeof value !== 'string' || name.length !== key.length || isDigit(key.charCodeAt(0))) return null;
    triples[3 * i] = name;
    triples[3 * i + 1] = key;
    triples[3 * i + 2] = value;
  }
  return Headers.fromTriples(triples);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The `count` names of undici's raw pieces (every other one) as latin1, one span decoded when they share one. */
function rawNames(raw: ReadonlyArray<Buffer | string>, count: number): string[] {
  const names = new Array<Buffer | string>(count);
  for (let i = 0; i < count; i++) names[i] = raw[2 * i]!;
  return rawHeaderStrings(names);
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

/**
 * A response framed by a transfer coding other than `chunked` alone (`gzip`, `chunked, gzip`):
 * undici undoes only chunked and reads the rest until the connection closes, so its body would
 * come still coded, a success with the wrong bytes. Such a response fails at its head (as in
 * httpx, whose h11 reads only chunked) and its connection goes. The other framing faults of a
 * head (Content-Length with Transfer-Encoding, repeated or malformed lengths, bare LF, obs-fold)
 * are llhttp's to refuse, before the head is passed on.
 */
export function unreadTransferCoding(headers: Headers, request: Request): RemoteProtocolError | undefined {
  const coding = headers.getKey('transfer-encoding');
  if (coding === null || coding.trim().toLowerCase() === 'chunked') return undefined;
  const message = `The response uses a transfer coding other than chunked (Transfer-Encoding: ${coding}): its body cannot be read`;
  return new RemoteProtocolError(message, request);
}
