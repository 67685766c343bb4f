import type { Observable } from 'rxjs';
import type { HeadersInit } from '../models/headers.ts';
import type { QueryValue } from '../models/params.ts';
import type { ContentSource } from './content.ts';

/**
 * A raw request body: text (sent as UTF-8), bytes, a Blob, a sync or async iterable of byte
 * chunks (a Node `Readable` is one), a WHATWG `ReadableStream`, an `Observable` of chunks, or
 * a content object that knows its own type (`new Json(v)`, `new MultiPart(d, files)`).
 */
export type ContentInit =
  | string
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | Iterable<Uint8Array>
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>
  | Observable<Uint8Array>
  | ContentSource;

/** Form fields: sent `application/x-www-form-urlencoded`, or as multipart fields beside `files`. */
export type FormInit =
  | Record<string, QueryValue | readonly QueryValue[] | undefined>
  | Iterable<readonly [string, QueryValue]>
  | URLSearchParams;

/**
 * A file's bytes: a Blob/File, bytes (`Uint8Array`, `ArrayBuffer`, any typed array), text, a
 * Node `Readable` or async iterable, a `ReadableStream`, an `Observable` of chunks, or a content
 * object (its own `Content-Type` becomes the part's type).
 */
export type FileValue =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | string
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>
  | Observable<Uint8Array>
  | ContentSource;

/**
 * A file to upload: its bytes alone, or `[filename, bytes, contentType?, headers?]`. A `null`
 * filename sends the part without one; a missing content type is guessed from the filename.
 */
export type FileSpec =
  | FileValue
  | readonly [filename: string | null, file: FileValue, contentType?: string | null, headers?: HeadersInit];

/** Files for a multipart body: `{ field: file }`, `{ field: [file, file] }` or `[[field, file], …]`. */
export type FilesInit =
  | Record<string, FileSpec | readonly FileSpec[]>
  | Iterable<readonly [string, FileSpec]>;

/** The body-related fields of a request. At most one of `content`, `data` (alone), `json`. */
export interface BodyInit {
  content?: ContentInit | null;
  data?: FormInit | null;
  files?: FilesInit | null;
  json?: unknown;
}
