import { multipartContentType } from './boundary.ts';
import { concatBytes, utf8 } from './bytes.ts';
import type { RequestContent } from './content.ts';
import type { Part } from './multipart-parts.ts';

/** Adjacent in-memory pieces (part headers, text fields, small files) are joined up to this size. */
const COALESCE_LIMIT = 64 * 1024;

type Segment = Uint8Array | RequestContent;

/**
 * A `multipart/form-data` body over `parts`, streamed: part headers and in-memory values are
 * bytes, every other file is read from its own stream while the body is sent, never buffered
 * whole. The length is known when every part's length is (bytes, text, Blobs), else the body
 * is sent chunked. It replays when every part does.
 */
export class MultipartContent implements RequestContent {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly length: number | undefined;
  readonly replayable: boolean;
  readonly #segments: readonly Segment[];
  #bytes: Uint8Array | undefined;

  constructor(parts: readonly Part[], boundary: string) {
    this.headers = [['Content-Type', multipartContentType(boundary)]];
    this.#segments = coalesce(segments(parts, boundary));
    let length: number | undefined = 0;
    let replayable = true;
    for (const segment of this.#segments) {
      if (segment instanceof Uint8Array) {
        if (length !== undefined) length += segment.byteLength;
      } else {
        length = length === undefined || segment.length === undefined ? undefined : length + segment.length;
        replayable &&= segment.replayable;
      }
    }
    this.length = length;
    this.replayable = replayable;
  }

  /** The whole body when every part is in memory (joined once, on first use), else `undefined`. */
  get bytes(): Uint8Array | undefined {
    if (this.#bytes === undefined && this.#segments.every((segment) => segment instanceof Uint8Array)) {
      this.#bytes = concatBytes(this.#segments as Uint8Array[]);
    }
    return this.#bytes;
  }

  /**
   * The whole body as one Blob when every part is bytes or a Blob (made anew on each read),
   * else `undefined`: a browser then sends the files from disk, never reading them into memory.
   */
  get blob(): Blob | undefined {
    if (typeof Blob === 'undefined') return undefined;
    const pieces: (Uint8Array<ArrayBuffer> | Blob)[] = [];
    for (const segment of this.#segments) {
      if (segment instanceof Uint8Array) pieces.push(segment as Uint8Array<ArrayBuffer>);
      else if (segment.blob !== undefined) pieces.push(segment.blob);
      else return undefined;
    }
    return new Blob(pieces);
  }

  /** Opens every file's stream at once, so a one-shot file read before throws `StreamConsumed` here. */
  stream(): AsyncIterable<Uint8Array> {
    return chain(
      this.#segments.map((segment) => (segment instanceof Uint8Array ? segment : segment.stream())),
    );
  }
}

function segments(parts: readonly Part[], boundary: string): Segment[] {
  const out: Segment[] = [];
  parts.forEach((part, index) => {
    let head = index === 0 ? '' : '\r\n';
    head += `--${boundary}\r\n`;
    for (const [name, value] of part.headers) head += `${name}: ${value}\r\n`;
    out.push(utf8(`${head}\r\n`));
    const bytes = part.body.bytes;
    if (bytes === undefined) out.push(part.body);
    else if (bytes.byteLength > 0) out.push(bytes);
  });
  out.push(utf8(`${parts.length === 0 ? '' : '\r\n'}--${boundary}--\r\n`));
  return out;
}

/** Joins runs of small adjacent byte segments so a form of many fields is a few writes, not many. */
function coalesce(list: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let run: Uint8Array[] = [];
  let size = 0;
  const flush = (): void => {
    if (run.length > 0) out.push(concatBytes(run));
    run = [];
    size = 0;
  };
  for (const segment of list) {
    if (!(segment instanceof Uint8Array)) {
      flush();
      out.push(segment);
      continue;
    }
    if (size + segment.byteLength > COALESCE_LIMIT) flush();
    run.push(segment);
    size += segment.byteLength;
  }
  flush();
  return out;
}

async function* chain(
  sources: readonly (Uint8Array | AsyncIterable<Uint8Array>)[],
): AsyncGenerator<Uint8Array, void, undefined> {
  for (const source of sources) {
    if (source instanceof Uint8Array) yield source;
    else yield* source;
  }
}
