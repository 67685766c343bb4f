/**
 * Streaming response content decoding (`Content-Encoding`) over Node's zlib streams.
 *
 * The transport feeds wire bytes to a {@link ContentDecoder} and receives decoded bytes through a
 * {@link DecoderSink}. Stacked encodings (`Content-Encoding: gzip, br` = gzip first, then br) are undone
 * in reverse order by a chain of stages, each one zlib stream, with backpressure between them as
 * `stream.pipe` would do it: a stage pauses when the next one is full and resumes on its `drain`.
 *
 * Choices:
 * - gzip and deflate tolerate a truncated stream (`finishFlush: Z_SYNC_FLUSH`): what arrived is delivered
 *   and no error is raised, as httpx, curl and browsers do for lenient servers. HTTP framing
 *   (Content-Length, chunked) still reports a connection cut short. br and zstd are modern encodings with
 *   no such legacy: a truncated stream is a `DecodingError`, as in httpx.
 * - deflate is zlib-wrapped (RFC 1950) or raw (RFC 1951): sniffed from the first two bytes.
 * - An encoding this module does not know leaves the whole body as received: {@link createDecoder} returns
 *   `null`, as a browser does. More than {@link MAX_ENCODINGS} stacked encodings is a `DecodingError`
 *   (a cheap way to burn a client's CPU otherwise).
 */
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { DecodingError } from '../errors.ts';

/** Receives decoded bytes. Called by the decoder; never called again after `end` or `error`. */
export interface DecoderSink {
  /** A chunk of decoded bytes. */
  data(chunk: Uint8Array): void;
  /** Every decoded byte was delivered. */
  end(): void;
  /** The content could not be decoded (a `DecodingError` without `request`); nothing follows. */
  error(error: Error): void;
  /** The decoder can take more input after `write` returned `false`. */
  drain(): void;
}

/** Decodes one response body, chunk by chunk. */
export interface ContentDecoder {
  /** Feeds wire bytes; returns false when the producer should pause until sink.drain() is called. */
  write(chunk: Uint8Array): boolean;
  /** No more input: flush, then sink.end() (after all sink.data calls). */
  end(): void;
  /** Abort: release zlib resources; no more sink calls afterwards. */
  destroy(): void;
}

/** The most stacked encodings undone for one body (`identity` not counted). */
export const MAX_ENCODINGS = 3;

type Coding = 'gzip' | 'deflate' | 'br' | 'zstd';

const CODINGS: Readonly<Record<string, Coding>> = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
  zstd: 'zstd',
};

/** Output chunk size: fewer, larger chunks for big downloads than zlib's 16 KiB default. */
const CHUNK_SIZE = 64 * 1024;
const LENIENT: zlib.ZlibOptions = { chunkSize: CHUNK_SIZE, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const STRICT = { chunkSize: CHUNK_SIZE };

/**
 * A decoder for a `Content-Encoding` header value, or `null` when no decoding is needed: the header is
 * absent, empty or only `identity`, or it names an encoding this module does not know (the body is then
 * left as received, as a browser would). Throws `DecodingError` for more than {@link MAX_ENCODINGS}
 * stacked encodings.
 */
export function createDecoder(contentEncoding: string | null, sink: DecoderSink): ContentDecoder | null {
  if (contentEncoding === null) return null;
  const codings: Coding[] = [];
  for (const token of contentEncoding.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === '' || name === 'identity') continue;
    const coding = CODINGS[name];
    if (coding === undefined) return null;
    codings.push(coding);
  }
  if (codings.length === 0) return null;
  if (codings.length > MAX_ENCODINGS) {
    throw new DecodingError(
      `Too many stacked content encodings (${codings.length}, at most ${MAX_ENCODINGS}): ${contentEncoding}`,
    );
  }
  return new ChainDecoder(codings.reverse(), contentEncoding, sink);
}

/** Where a stage sends its output: the next stage, or the decoder (which forwards to the sink). */
interface Target {
  /** Returns false when the target is full: the sender pauses until the target drains. */
  push(chunk: Uint8Array): boolean;
  finish(): void;
}

class ChainDecoder implements ContentDecoder, Target {
  private readonly sink: DecoderSink;
  private readonly label: string;
  private readonly stages: Stage[] = [];
  private readonly first: Stage;
  /** Ended, failed or destroyed: no more sink calls. */
  private done = false;
  private ended = false;

  constructor(codings: readonly Coding[], label: string, sink: DecoderSink) {
    this.sink = sink;
    this.label = label;
    let next: Target = this;
    let stage: Stage | undefined;
    for (let i = codings.length - 1; i >= 0; i--) {
      const upstream: Stage = new Stage(codings[i]!, next, this);
      if (stage !== undefined) stage.upstream = upstream;
      this.stages.push(upstream);
      stage = upstream;
      next = upstream;
    }
    this.first = stage!;
  }

  write(chunk: Uint8Array): boolean {
    if (this.done || this.ended) return true;
    return this.first.push(chunk);
  }

  end(): void {
    if (this.done || this.ended) return;
    this.ended = true;
    this.first.finish();
  }

  destroy(): void {
    if (this.done) return;
    this.done = true;
    this.release();
  }

  /** The last stage's output. */
  push(chunk: Uint8Array): boolean {
    if (!this.done) this.sink.data(chunk);
    return true;
  }

  /** The last stage ended. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.sink.end();
  }

  /** The first stage can take more input. */
  drained(): void {
    if (!this.done) this.sink.drain();
  }

  /** A stage failed: report once, release everything. */
  fail(cause: Error): void {
    if (this.done) return;
    this.done = true;
    this.release();
    const message = `Could not decode the response body (Content-Encoding: ${this.label}): ${cause.message}`;
    this.sink.error(new DecodingError(message, undefined, { cause }));
  }

  private release(): void {
    for (const stage of this.stages) stage.destroy();
  }
}

/** Undoes one encoding with one zlib stream, opened on the first non-empty input. */
class Stage implements Target {
  /** The stage feeding this one, resumed when this one drains; `null` for the first stage. */
  upstream: Stage | null = null;
  private readonly coding: Coding;
  private readonly next: Target;
  private readonly owner: ChainDecoder;
  private stream: Transform | null = null;
  /** deflate only: a first chunk of one byte, held until the second byte tells zlib from raw. */
  private head: Uint8Array | null = null;

  // Bound once per stage, never per chunk.
  private readonly onData = (chunk: Uint8Array): void => {
    if (!this.next.push(chunk)) this.stream?.pause();
  };
  private readonly onEnd = (): void => this.next.finish();
  private readonly onError = (error: Error): void => this.owner.fail(error);
  private readonly onDrain = (): void => {
    if (this.upstream === null) this.owner.drained();
    else this.upstream.resume();
  };

  constructor(coding: Coding, next: Target, owner: ChainDecoder) {
    this.coding = coding;
    this.next = next;
    this.owner = owner;
  }

  push(chunk: Uint8Array): boolean {
    if (chunk.byteLength === 0) return true;
    if (this.stream !== null) return this.stream.write(chunk);
    const head = this.head;
    if (this.coding !== 'deflate') return this.open(0, 0).write(chunk);
    if (head === null) {
      if (chunk.byteLength >= 2) return this.open(chunk[0]!, chunk[1]!).write(chunk);
      this.head = chunk.slice();
      return true;
    }
    this.head = null;
    const stream = this.open(head[0]!, chunk[0]!);
    stream.write(head);
    return stream.write(chunk);
  }

  finish(): void {
    if (this.stream === null) {
      // zlib rejects an empty stream; an empty body (HEAD, 204, 304) simply ends.
      if (this.head === null) {
        this.next.finish();
        return;
      }
      this.open(this.head[0]!, -1).write(this.head);
      this.head = null;
    }
    this.stream?.end();
  }

  resume(): void {
    this.stream?.resume();
  }

  destroy(): void {
    this.head = null;
    this.stream?.destroy();
  }

  private open(b0: number, b1: number): Transform {
    const stream = createStream(this.coding, b0, b1);
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('drain', this.onDrain);
    this.stream = stream;
    return stream;
  }
}

/** A zlib decompressor for one coding; for deflate, `b0` and `b1` are the first two bytes (or -1). */
function createStream(coding: Coding, b0: number, b1: number): Transform {
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip(LENIENT);
    case 'deflate':
      return isZlibHeader(b0, b1) ? zlib.createInflate(LENIENT) : zlib.createInflateRaw(LENIENT);
    case 'br':
      return zlib.createBrotliDecompress(STRICT);
    case 'zstd':
      return zlib.createZstdDecompress(STRICT);
  }
}

/** RFC 1950: compression method 8 (deflate) and a header checksum that is a multiple of 31. */
function isZlibHeader(b0: number, b1: number): boolean {
  return b1 >= 0 && (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}
