import { DecodingError } from '../errors.ts';

/** Receives decoded bytes; never called again after `end` or `error`. */
export interface AppDecoderSink {
  data(chunk: Uint8Array): void;
  end(): void;
  /** The body could not be decoded; nothing follows. */
  error(error: Error): void;
  /** The decoder takes more after `write` returned `false`. */
  drain(): void;
}

/** Decodes one response body, chunk by chunk (the shape of the Node pool's decoder, so it can stand in). */
export interface AppDecoder {
  /** Returns `false` when the producer should wait for `sink.drain()`. */
  write(chunk: Uint8Array): boolean;
  end(): void;
  destroy(): void;
}

/**
 * Makes the decoder for a `Content-Encoding` value, or `null` when the body is to be left as
 * it is (none, `identity`, or an encoding the platform cannot undo). Throws a `DecodingError`
 * for too many stacked encodings.
 */
export type AppDecoders = (contentEncoding: string | null, sink: AppDecoderSink) => AppDecoder | null;

/** The most stacked encodings undone for one body, as the Node pool does. */
const MAX_ENCODINGS = 3;

const FORMATS: Readonly<Record<string, string>> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'brotli',
};

/**
 * The platform's `DecompressionStream` as an {@link AppDecoders}: gzip, deflate (zlib-wrapped)
 * and, where the platform has it, br, stacked encodings undone last first. An encoding it
 * cannot undo leaves the body as received, as a browser would.
 */
export const streamDecoders: AppDecoders = (contentEncoding, sink) => {
  if (contentEncoding === null) return null;
  const formats: string[] = [];
  for (const token of contentEncoding.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '' || name === 'identity') continue;
    const format = FORMATS[name];
    if (format === undefined) return null;
    formats.push(format);
  }
  if (formats.length === 0) return null;
  if (formats.length > MAX_ENCODINGS)
    throw new DecodingError(
      `Too many stacked content encodings (${formats.length}, at most ${MAX_ENCODINGS}): ${contentEncoding}`,
    );
  let stages: DecompressionStream[];
  try {
    stages = formats.reverse().map((format) => new DecompressionStream(format as CompressionFormat));
  } catch {
    return null; // the platform cannot undo one of them
  }
  return new StreamDecoder(stages, contentEncoding, sink);
};

class StreamDecoder implements AppDecoder {
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>;
  readonly #sink: AppDecoderSink;
  readonly #label: string;
  #over = false;

  constructor(stages: DecompressionStream[], label: string, sink: AppDecoderSink) {
    let readable: ReadableStream<Uint8Array<ArrayBuffer>> = stages[0]!.readable;
    for (const stage of stages.slice(1))
      readable = readable.pipeThrough(
        stage as unknown as TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>,
      );
    this.#writer = stages[0]!.writable.getWriter();
    this.#reader = readable.getReader();
    this.#sink = sink;
    this.#label = label;
    this.#read();
  }

  write(chunk: Uint8Array): boolean {
    if (this.#over) return true;
    this.#writer.write(chunk as Uint8Array<ArrayBuffer>).catch(() => {}); // a failure shows on the reading side
    if ((this.#writer.desiredSize ?? 1) > 0) return true;
    this.#writer.ready.then(
      () => this.#over || this.#sink.drain(),
      () => {},
    );
    return false;
  }

  end(): void {
    if (!this.#over) this.#writer.close().catch(() => {});
  }

  destroy(): void {
    if (this.#over) return;
    this.#over = true;
    this.#writer.abort().catch(() => {});
    this.#reader.cancel().catch(() => {});
  }

  #read(): void {
    this.#reader.read().then(
      ({ done, value }) => {
        if (this.#over) return;
        if (done) {
          this.#over = true;
          this.#sink.end();
          return;
        }
        this.#sink.data(value);
        this.#read();
      },
      (error: unknown) => {
        if (this.#over) return;
        this.#over = true;
        const message = `The response body could not be decoded (Content-Encoding: ${this.#label})`;
        this.#sink.error(new DecodingError(message, undefined, { cause: error }));
      },
    );
  }
}
