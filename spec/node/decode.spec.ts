import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DecodingError } from '../../src/errors.ts';
import { type ContentDecoder, createDecoder, type DecoderSink } from '../../src/node/decode.ts';

/** Records every sink call, and whether anything arrived after the end or the error. */
class RecordingSink implements DecoderSink {
  readonly chunks: Uint8Array[] = [];
  readonly errors: Error[] = [];
  ends = 0;
  drains = 0;
  callsAfterFinish = 0;
  readonly finished: Promise<void>;
  private resolve!: () => void;
  private drainWaiter: (() => void) | null = null;

  constructor() {
    this.finished = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  get over(): boolean {
    return this.ends > 0 || this.errors.length > 0;
  }

  data(chunk: Uint8Array): void {
    if (this.over) this.callsAfterFinish++;
    this.chunks.push(chunk);
  }

  end(): void {
    if (this.over) this.callsAfterFinish++;
    this.ends++;
    this.resolve();
  }

  error(error: Error): void {
    if (this.over) this.callsAfterFinish++;
    this.errors.push(error);
    this.resolve();
  }

  drain(): void {
    if (this.over) this.callsAfterFinish++;
    this.drains++;
    const waiter = this.drainWaiter;
    this.drainWaiter = null;
    waiter?.();
  }

  waitForDrain(): Promise<void> {
    return new Promise((resolve) => {
      this.drainWaiter = resolve;
    });
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

interface Outcome {
  sink: RecordingSink;
  /** How many writes returned false (each one was followed by a wait for drain). */
  pauses: number;
}

/** Feeds `input` in chunks of `size`, honouring backpressure, then ends and waits for the outcome. */
async function decode(encoding: string, input: Uint8Array, size = 7): Promise<Outcome> {
  const sink = new RecordingSink();
  const decoder = createDecoder(encoding, sink);
  if (decoder === null) throw new Error(`no decoder for ${encoding}`);
  let pauses = 0;
  for (let offset = 0; offset < input.byteLength && !sink.over; offset += size) {
    if (!decoder.write(input.subarray(offset, offset + size))) {
      pauses++;
      await Promise.race([sink.waitForDrain(), sink.finished]);
    }
  }
  decoder.end();
  await sink.finished;
  await settle();
  return { sink, pauses };
}

/** Lets pending zlib work and ticks run, so late sink calls would be seen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function text(length: number): Buffer {
  const words = 'the quick brown fox jumps over the lazy dog, décodé en flux 流式解码 ';
  return Buffer.from(words.repeat(Math.ceil(length / words.length))).subarray(0, length);
}

/** Deterministic incompressible bytes (xorshift32), so a failure reproduces. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Text and random bytes, interleaved, so both compressible and incompressible runs are covered. */
function payload(length: number): Buffer {
  const parts: Buffer[] = [];
  for (let made = 0; made < length; made += 64 * 1024) {
    const n = Math.min(32 * 1024, length - made);
    parts.push(text(n), noise(Math.max(0, Math.min(32 * 1024, length - made - n)), made + 1));
  }
  return Buffer.concat(parts);
}

const compressors: Record<string, (data: Uint8Array) => Buffer> = {
  gzip: (data) => zlib.gzipSync(data),
  deflate: (data) => zlib.deflateSync(data),
  br: (data) => zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
  zstd: (data) => zlib.zstdCompressSync(data),
};

function compress(data: Uint8Array, ...codings: string[]): Buffer {
  let out: Buffer = Buffer.from(data);
  for (const coding of codings) out = compressors[coding]!(out);
  return out;
}

describe('createDecoder', () => {
  const sink = new RecordingSink();

  it.each([null, '', 'identity', ' Identity , identity', ','])('needs no decoder for %j', (header) => {
    expect(createDecoder(header, sink)).toBeNull();
  });

  it.each(['compress', 'gzip, compress', 'exi, br', 'gzip;q=1'])(
    'leaves the body as received when an encoding is unknown: %j',
    (header) => {
      expect(createDecoder(header, sink)).toBeNull();
    },
  );

  it('refuses more than 3 stacked encodings with a DecodingError', () => {
    const attempt = () => createDecoder('gzip, gzip, br, zstd', sink);
    expect(attempt).toThrow(DecodingError);
    expect(attempt).toThrow(/Too many stacked content encodings \(4, at most 3\)/);
  });

  it('does not count identity towards the limit', () => {
    const decoder = createDecoder('identity, gzip, identity, br, zstd, identity', sink);
    expect(decoder).not.toBeNull();
    decoder?.destroy();
  });
});

describe('decoding one encoding over many small chunks', () => {
  const original = payload(200 * 1024);

  it.each([
    ['gzip', compress(original, 'gzip')],
    ['x-gzip', compress(original, 'gzip')],
    ['GZip', compress(original, 'gzip')],
    ['deflate', zlib.deflateSync(original)],
    ['br', compress(original, 'br')],
    ['zstd', compress(original, 'zstd')],
  ])('round-trips %s byte for byte', async (encoding, body) => {
    const { sink } = await decode(encoding, body);
    expect(sink.errors).toEqual([]);
    expect(sink.ends).toBe(1);
    expect(sink.bytes.equals(original)).toBe(true);
    expect(sink.callsAfterFinish).toBe(0);
  });

  it('decodes zlib-wrapped deflate fed one byte at a time', async () => {
    const body = zlib.deflateSync(text(3000));
    expect(body[0]).toBe(0x78);
    const { sink } = await decode('deflate', body, 1);
    expect(sink.bytes.equals(text(3000))).toBe(true);
    expect(sink.ends).toBe(1);
  });

  it('decodes raw deflate (no zlib header), also one byte at a time', async () => {
    const body = zlib.deflateRawSync(text(3000));
    for (const size of [1, 2, 1000]) {
      const { sink } = await decode('deflate', body, size);
      expect(sink.errors).toEqual([]);
      expect(sink.bytes.equals(text(3000))).toBe(true);
    }
  });

  it('tells zlib from raw deflate by the header checksum, not the method nibble alone', async () => {
    // A raw stored block whose first byte is 0x08 (method nibble 8, padding bits set) and whose
    // second byte (LEN = 5) fails the checksum: (0x0805 % 31) !== 0, so it must be read as raw.
    const raw = Buffer.from([0x08, 5, 0, 0xfa, 0xff, ...Buffer.from('hello'), 0x01, 0, 0, 0xff, 0xff]);
    expect(raw[0]! & 0x0f).toBe(8);
    expect(((raw[0]! << 8) | raw[1]!) % 31).not.toBe(0);
    expect(zlib.inflateRawSync(raw).toString()).toBe('hello');
    const { sink } = await decode('deflate', raw, 1);
    expect(sink.errors).toEqual([]);
    expect(sink.bytes.toString()).toBe('hello');
  });
});

describe('stacked encodings', () => {
  const original = payload(150 * 1024);

  it('undoes "gzip, br" as br first, then gzip', async () => {
    const { sink } = await decode('gzip, br', compress(original, 'gzip', 'br'), 1000);
    expect(sink.errors).toEqual([]);
    expect(sink.bytes.equals(original)).toBe(true);
    expect(sink.ends).toBe(1);
  });

  it('fails with a DecodingError when the layers are in the other order', async () => {
    const { sink } = await decode('gzip, br', compress(original, 'br', 'gzip'), 1000);
    expect(sink.errors).toHaveLength(1);
    expect(sink.errors[0]).toBeInstanceOf(DecodingError);
    expect(sink.ends).toBe(0);
  });

  it('undoes three layers, identity ignored', async () => {
    const body = compress(original, 'deflate', 'zstd', 'gzip');
    const { sink } = await decode('deflate, identity, zstd, gzip', body, 333);
    expect(sink.bytes.equals(original)).toBe(true);
    expect(sink.ends).toBe(1);
  });

  it('ends cleanly when an inner layer carries an empty body', async () => {
    const { sink } = await decode('gzip, br', compress(new Uint8Array(0), 'gzip', 'br'));
    expect(sink.errors).toEqual([]);
    expect(sink.bytes.byteLength).toBe(0);
    expect(sink.ends).toBe(1);
  });
});

describe('empty bodies (HEAD, 204, 304)', () => {
  it.each(['gzip', 'deflate', 'br', 'zstd', 'gzip, br'])(
    'ends %s with no input, no data and no error',
    async (encoding) => {
      const sink = new RecordingSink();
      const decoder = createDecoder(encoding, sink)!;
      decoder.end();
      expect(sink.ends).toBe(1);
      await settle();
      expect(sink.ends).toBe(1);
      expect(sink.errors).toEqual([]);
      expect(sink.chunks).toEqual([]);
    },
  );

  it('treats zero-length chunks as no input', async () => {
    const sink = new RecordingSink();
    const decoder = createDecoder('gzip', sink)!;
    expect(decoder.write(new Uint8Array(0))).toBe(true);
    decoder.end();
    await settle();
    expect(sink.ends).toBe(1);
    expect(sink.errors).toEqual([]);
  });

  it('decodes a valid compressed empty body to nothing', async () => {
    const { sink } = await decode('gzip', zlib.gzipSync(new Uint8Array(0)));
    expect(sink.ends).toBe(1);
    expect(sink.bytes.byteLength).toBe(0);
  });
});

describe('corrupt and truncated bodies', () => {
  it('reports garbage once, as a DecodingError with the zlib error as cause and no request', async () => {
    const { sink } = await decode('gzip', Buffer.from('this is not gzip at all, not even close'), 4);
    expect(sink.errors).toHaveLength(1);
    const error = sink.errors[0] as DecodingError;
    expect(error).toBeInstanceOf(DecodingError);
    expect(error.name).toBe('DecodingError');
    expect(error.message).toMatch(/Content-Encoding: gzip/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('Z_DATA_ERROR');
    expect(() => error.request).toThrow('This DecodingError has no request attached yet');
    expect(sink.ends).toBe(0);
    expect(sink.callsAfterFinish).toBe(0);
  });

  it('reports damage in the middle of a stream once and delivers nothing after it', async () => {
    // gzip ends with a CRC-32, so damage even inside a stored (incompressible) block is caught.
    const body = compress(payload(300 * 1024), 'gzip');
    body.fill(0xff, body.length >> 1, (body.length >> 1) + 64);
    const { sink } = await decode('gzip', body, 4096);
    expect(sink.errors).toHaveLength(1);
    expect(sink.errors[0]).toBeInstanceOf(DecodingError);
    expect(sink.ends).toBe(0);
    expect(sink.callsAfterFinish).toBe(0);
  });

  it('reports a failing inner layer of a stack', async () => {
    const body = compressors.br!(Buffer.from('plain text, never gzipped'));
    const { sink } = await decode('gzip, br', body);
    expect(sink.errors).toHaveLength(1);
    expect(sink.errors[0]?.message).toMatch(/Content-Encoding: gzip, br/);
  });

  it('tolerates a truncated gzip stream, delivering what arrived (like httpx and browsers)', async () => {
    const original = text(100_000);
    const body = zlib.gzipSync(original);
    const { sink } = await decode('gzip', body.subarray(0, body.length - 8), 512);
    expect(sink.errors).toEqual([]);
    expect(sink.ends).toBe(1);
    expect(sink.bytes.equals(original)).toBe(true);
  });

  it('rejects a truncated br stream', async () => {
    const body = compress(payload(100_000), 'br');
    const { sink } = await decode('br', body.subarray(0, body.length >> 1), 512);
    expect(sink.errors).toHaveLength(1);
    expect(sink.errors[0]).toBeInstanceOf(DecodingError);
    expect(sink.ends).toBe(0);
  });
});

describe('lifecycle', () => {
  it('calls nothing on the sink after destroy', async () => {
    const sink = new RecordingSink();
    const decoder: ContentDecoder = createDecoder('gzip, br', sink)!;
    const body = compress(payload(400 * 1024), 'gzip', 'br');
    decoder.write(body.subarray(0, body.length >> 1));
    decoder.destroy();
    decoder.end();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.chunks).toEqual([]);
    expect(sink.ends + sink.errors.length + sink.drains).toBe(0);
  });

  it('ignores input after end and ends only once', async () => {
    const sink = new RecordingSink();
    const decoder = createDecoder('gzip', sink)!;
    decoder.write(zlib.gzipSync(text(1000)));
    decoder.end();
    expect(decoder.write(zlib.gzipSync(text(10)))).toBe(true);
    decoder.end();
    await sink.finished;
    await settle();
    expect(sink.ends).toBe(1);
    expect(sink.bytes.equals(text(1000))).toBe(true);
  });
});

describe('backpressure', () => {
  const original = payload(5 * 1024 * 1024);

  it('asks the producer to pause on a large body, drains, and delivers all 5 MiB byte for byte', async () => {
    const { sink, pauses } = await decode('gzip', compress(original, 'gzip'), 64 * 1024);
    expect(pauses).toBeGreaterThan(0);
    expect(sink.drains).toBe(pauses);
    expect(sink.errors).toEqual([]);
    expect(sink.ends).toBe(1);
    expect(sink.bytes.equals(original)).toBe(true);
  });

  it('returns false at once when a write exceeds what zlib buffers', () => {
    const sink = new RecordingSink();
    const decoder = createDecoder('gzip', sink)!;
    const body = compress(original, 'gzip');
    expect(decoder.write(body.subarray(0, 64 * 1024))).toBe(false);
    decoder.destroy();
  });

  it('keeps every byte through a three-stage chain', async () => {
    const body = compress(original, 'zstd', 'gzip', 'br');
    const { sink } = await decode('zstd, gzip, br', body, 16 * 1024);
    expect(sink.errors).toEqual([]);
    expect(sink.ends).toBe(1);
    expect(sink.bytes.equals(original)).toBe(true);
  });
});
