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

/**
 * The body-related fields of a request: one of `content`, `json`, or `data` and/or `files`
 * (`data` with `files` become the multipart body's fields). Giving `content` or `json` with
 * any other is a `TypeError`. A body's own `Content-Type` and `Content-Length` (or
 * `Transfer-Encoding: chunked` when the length is unknown) are added unless the request's
 * headers already have them.
 */
export interface BodyInit {
  /**
   * The raw body, sent as it is: text (UTF-8), bytes, a Blob, a sync or async iterable of byte
   * chunks (a Node `Readable`), a `ReadableStream`, an `Observable<Uint8Array>`, or a content
   * object (`new Text(s)`, `new Html(s)`, `new Json(v)`, `new Form(d)`, `new MultiPart(d, files)`)
   * that also sets its `Content-Type`. Nothing else sets one: give it in `headers`. A stream is
   * sent chunked and can be read once (a redirect or retry that needs it again fails with
   * `StreamConsumed`).
   * @default null: no body
   * @example
   * client.put('/notes/1', { content: 'plain text', headers: { 'Content-Type': 'text/markdown' } })
   * client.post('/upload', { content: createReadStream('big.bin') })
   */
  content?: ContentInit | null;
  /**
   * Form fields, sent `application/x-www-form-urlencoded` (UTF-8, `+` for spaces): a record
   * (an array value repeats the field), `[name, value]` pairs or `URLSearchParams`. `true` and
   * `false` are sent as words, `null` as an empty value; a field set to `undefined` is left
   * out. Beside `files`, the same fields become the multipart body's text parts.
   * @default null: no form
   * @example
   * client.post('/login', { data: { user: 'ada', remember: true, tags: ['a', 'b'] } })
   */
  data?: FormInit | null;
  /**
   * Files for a `multipart/form-data` body (random boundary), streamed, never read into memory
   * whole: `{ field: file }`, `{ field: [file, file] }` or `[[field, file], …]`, where a file
   * is its bytes (Blob/File, bytes, text, a stream) or `[filename, bytes, contentType?,
   * headers?]`. A missing content type is the Blob's, else guessed from the filename, else
   * `application/octet-stream`.
   * @default null: no files
   * @example
   * client.post('/upload', {
   *   data: { title: 'Notes' },
   *   files: { notes: ['notes.txt', 'first line\n'], photo: new Blob([jpeg], { type: 'image/jpeg' }) },
   * })
   */
  files?: FilesInit | null;
  /**
   * A value sent as compact JSON (`JSON.stringify`) with `Content-Type: application/json`.
   * Any value but `undefined` is sent, `null` too (as `null`).
   * @default undefined: no JSON body
   * @example
   * client.post('/users', { json: { name: 'Ada', admin: false } })
   */
  json?: unknown;
}
