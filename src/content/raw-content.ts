import { isObservable, type Observable } from 'rxjs';
import { describe } from '../config/describe.ts';
import { isBinary, toChunk, utf8 } from './bytes.ts';
import { isContentSource, type RequestContent } from './content.ts';
import { observableChunks } from './observable-chunks.ts';
import { claim } from './one-shot.ts';
import { readStream } from './read-stream.ts';
import type { ContentInit } from './types.ts';

type HeaderPairs = ReadonlyArray<readonly [string, string]>;
const NO_HEADERS: HeaderPairs = [];

/** A body already in memory: length known, replayable, `bytes` set. */
export function bytesContent(bytes: Uint8Array, contentType?: string): RequestContent {
  return {
    headers: contentType ? [['Content-Type', contentType]] : NO_HEADERS,
    length: bytes.byteLength,
    replayable: true,
    bytes,
    async *stream() {
      if (bytes.byteLength > 0) yield bytes;
    },
  };
}

/**
 * Normalizes a raw `content` value. The kinds, checked in this order:
 *
 * - a string: UTF-8, no `Content-Type` (as httpx: raw content has no type of its own);
 * - a content object (`toContent()`): whatever it says;
 * - an `ArrayBuffer` or any typed array/`DataView`: viewed, not copied; length known, replayable;
 * - a `Blob`/`File`: length = size, replayable, read through `blob.stream()`, its `type` as
 *   `Content-Type`;
 * - a `ReadableStream`: one-shot, sent chunked;
 * - an `Observable`: replayable (each read subscribes anew, so it must be cold), sent chunked;
 * - an async iterable (a Node `Readable` is one): one-shot, sent chunked;
 * - a sync iterable of chunks: an array has a known length; an iterator that is its own
 *   iterable (a generator) is one-shot; other iterables replay and are sent chunked.
 *
 * Chunks that are strings are encoded as UTF-8. Anything else is a `TypeError`.
 */
export function contentFrom(init: ContentInit): RequestContent {
  if (typeof init === 'string') return bytesContent(utf8(init));
  if (isContentSource(init)) return init.toContent();
  if (isBinary(init)) return bytesContent(toChunk(init));
  if (typeof Blob !== 'undefined' && init instanceof Blob) return blobContent(init);
  if (isReadableStream(init)) return oneShot(init, () => readStream(init));
  if (isObservable(init)) return observableContent(init);
  if (typeof init === 'object' && init !== null) {
    if (Symbol.asyncIterator in init) return oneShot(init, () => asyncChunks(init as AsyncIterable<unknown>));
    if (Symbol.iterator in init) return iterableContent(init as Iterable<unknown>);
  }
  throw new TypeError(
    `content must be a string, bytes, a Blob, a ReadableStream, an Observable or (async) iterable of bytes, or a content object such as new Json(value), not ${describe(init)}`,
  );
}

function blobContent(blob: Blob): RequestContent {
  return {
    headers: blob.type ? [['Content-Type', blob.type]] : NO_HEADERS,
    length: blob.size,
    replayable: true,
    bytes: undefined,
    blob,
    stream: () => readStream(blob.stream()),
  };
}

function observableContent(source: Observable<unknown>): RequestContent {
  return {
    headers: NO_HEADERS,
    length: undefined,
    replayable: true,
    bytes: undefined,
    stream: () => observableChunks(source),
  };
}

function iterableContent(iterable: Iterable<unknown>): RequestContent {
  if (Array.isArray(iterable)) {
    const chunks = iterable.map(toChunk);
    return {
      headers: NO_HEADERS,
      length: chunks.reduce((total, chunk) => total + chunk.byteLength, 0),
      replayable: true,
      bytes: undefined,
      stream: () => syncChunks(chunks),
    };
  }
  if ((iterable[Symbol.iterator]() as unknown) === iterable)
    return oneShot(iterable, () => syncChunks(iterable));
  return {
    headers: NO_HEADERS,
    length: undefined,
    replayable: true,
    bytes: undefined,
    stream: () => syncChunks(iterable),
  };
}

/** A body that can be read once: the second `stream()` (from any body over it) throws `StreamConsumed`. */
function oneShot(source: object, open: () => AsyncIterable<Uint8Array>): RequestContent {
  return {
    headers: NO_HEADERS,
    length: undefined,
    replayable: false,
    bytes: undefined,
    stream() {
      claim(source);
      return open();
    },
  };
}

async function* syncChunks(iterable: Iterable<unknown>): AsyncGenerator<Uint8Array, void, undefined> {
  for (const chunk of iterable) yield toChunk(chunk);
}

async function* asyncChunks(iterable: AsyncIterable<unknown>): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of iterable) yield toChunk(chunk);
}

function isReadableStream(value: unknown): value is ReadableStream<unknown> {
  if (typeof ReadableStream !== 'undefined' && value instanceof ReadableStream) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReadableStream).getReader === 'function' &&
    typeof (value as ReadableStream).pipeTo === 'function'
  );
}
