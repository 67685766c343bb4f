import { checkBoundary, multipartContentType, randomBoundary } from './boundary.ts';
import { describe, utf8 } from './bytes.ts';
import type { ContentSource, RequestContent } from './content.ts';
import { FORM_CONTENT_TYPE, formPairs, urlencode } from './form.ts';
import { MultipartContent } from './multipart.ts';
import { fieldParts, fileParts, type Part } from './multipart-parts.ts';
import { bytesContent } from './raw-content.ts';
import type { FilesInit, FormInit } from './types.ts';

/**
 * Text sent as `text/plain; charset=utf-8`.
 * @example client.post(url, { content: new Text('hello') })
 */
export class Text implements ContentSource {
  /** The `Content-Type` this body is sent with. */
  readonly contentType: string = 'text/plain; charset=utf-8';
  readonly #bytes: Uint8Array;

  constructor(text: string) {
    this.#bytes = utf8(text);
  }

  toContent(): RequestContent {
    return bytesContent(this.#bytes, this.contentType);
  }
}

/**
 * HTML sent as `text/html; charset=utf-8`.
 * @example client.post(url, { content: new Html('<p>hi</p>') })
 */
export class Html extends Text {
  override readonly contentType: string = 'text/html; charset=utf-8';
}

/**
 * A value sent as compact JSON (`JSON.stringify`, no spaces), UTF-8, `application/json`. A
 * value JSON cannot represent (`undefined`, a function) is a `TypeError` here; so is a cycle.
 * @example client.post(url, { content: new Json({ id: 1 }) })
 */
export class Json implements ContentSource {
  /** The `Content-Type` this body is sent with. */
  readonly contentType: string = 'application/json';
  readonly #bytes: Uint8Array;

  constructor(value: unknown) {
    const text: string | undefined = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`${describe(value)} cannot be sent as JSON`);
    this.#bytes = utf8(text);
  }

  toContent(): RequestContent {
    return bytesContent(this.#bytes, this.contentType);
  }
}

/**
 * Form fields sent `application/x-www-form-urlencoded` (a space as `+`, as browsers send forms).
 * @example client.post(url, { content: new Form({ q: 'rx js', page: 2 }) })
 */
export class Form implements ContentSource {
  /** The `Content-Type` this body is sent with. */
  readonly contentType: string = FORM_CONTENT_TYPE;
  readonly #bytes: Uint8Array;

  constructor(data: FormInit) {
    this.#bytes = utf8(urlencode(formPairs(data)));
  }

  toContent(): RequestContent {
    return bytesContent(this.#bytes, this.contentType);
  }
}

/** Options of {@link MultiPart}. */
export interface MultiPartOptions {
  /**
   * The boundary between parts (RFC 2046: 1–70 characters).
   * @default 32 random hex characters from `crypto.getRandomValues`
   */
  boundary?: string;
}

/**
 * A `multipart/form-data` body: text fields from `data` first, then `files`. Files are
 * streamed, never buffered whole; each part's type is the one given, else a Blob's own type,
 * else a guess from the file name, else `application/octet-stream`.
 * @example
 * new MultiPart({ title: 'cat' }, { photo: ['cat.png', blob], notes: [['a.txt', 'x'], ['b.txt', 'y']] })
 */
export class MultiPart implements ContentSource {
  /** The boundary between the parts. */
  readonly boundary: string;
  /** `multipart/form-data; boundary=…`. */
  readonly contentType: string;
  readonly #parts: readonly Part[];

  constructor(data?: FormInit | null, files?: FilesInit | null, options: MultiPartOptions = {}) {
    this.boundary = options.boundary === undefined ? randomBoundary() : checkBoundary(options.boundary);
    this.contentType = multipartContentType(this.boundary);
    this.#parts = [...(data ? fieldParts(data) : []), ...(files ? fileParts(files) : [])];
  }

  toContent(): RequestContent {
    return new MultipartContent(this.#parts, this.boundary);
  }
}
