import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import { checkBoundary, multipartContentType, randomBoundary } from './boundary.ts';
import { utf8 } from './bytes.ts';
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
 * value JSON cannot represent (`undefined`, a function, a symbol, a BigInt, a cycle) is a
 * `TypeError` here, with `JSON.stringify`'s own error as its `cause`.
 * @example client.post(url, { content: new Json({ id: 1 }) })
 */
export class Json implements ContentSource {
  /** The `Content-Type` this body is sent with. */
  readonly contentType: string = 'application/json';
  readonly #bytes: Uint8Array;

  constructor(value: unknown) {
    this.#bytes = utf8(jsonText(value, 'The value of new Json(value)'));
  }

  toContent(): RequestContent {
    return bytesContent(this.#bytes, this.contentType);
  }
}

/**
 * `value` as compact JSON text. A value JSON cannot hold is a `TypeError` that names `what` (the
 * `json` body, a `Json`'s value…): `JSON.stringify`'s error (a BigInt, a cycle, a throwing
 * `toJSON`) is its `cause`, and a value with no JSON text at all (`undefined`, a function, a
 * symbol) is named.
 */
export function jsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(`${what} could not be serialized as JSON: ${reason}`, { cause });
  }
  if (text === undefined)
    throw new TypeError(`${what} cannot be sent as JSON: JSON has no text for ${describe(value)}`);
  return text;
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

const MULTIPART_OPTION_NAMES: ReadonlySet<string> = new Set(['boundary']);

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
    checkOptionNames('MultiPart', options, MULTIPART_OPTION_NAMES);
    const boundary = own(options, 'boundary');
    this.boundary = boundary === undefined ? randomBoundary() : checkBoundary(boundary);
    this.contentType = multipartContentType(this.boundary);
    this.#parts = [...(data ? fieldParts(data) : []), ...(files ? fileParts(files) : [])];
  }

  toContent(): RequestContent {
    return new MultipartContent(this.#parts, this.boundary);
  }
}
