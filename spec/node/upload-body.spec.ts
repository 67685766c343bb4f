import { describe, expect, it } from 'vitest';
import { encodeBody } from '../../src/content/encode.ts';
import { UPLOAD_SLICE, uploadBody } from '../../src/node/upload-body.ts';

async function pieces(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  if (body instanceof Uint8Array) return [body];
  const out: Uint8Array[] = [];
  for await (const piece of body) out.push(piece);
  return out;
}

describe('uploadBody', () => {
  it('hands a small in-memory body over whole, as the same bytes', () => {
    const bytes = new Uint8Array(UPLOAD_SLICE).fill(7);
    expect(uploadBody(encodeBody({ content: bytes })!)).toBe(bytes);
  });

  it('slices a large in-memory body into views of at most 64 KiB, in order', async () => {
    const bytes = Uint8Array.from({ length: 3 * UPLOAD_SLICE + 5 }, (_, i) => i % 251);
    const out = await pieces(uploadBody(encodeBody({ content: bytes })!));
    expect(out.map((p) => p.length)).toEqual([UPLOAD_SLICE, UPLOAD_SLICE, UPLOAD_SLICE, 5]);
    expect(out.every((p) => p.buffer === bytes.buffer)).toBe(true);
    expect(Buffer.concat(out).equals(Buffer.from(bytes))).toBe(true);
  });

  it('slices the large chunks of a stream and passes small ones through', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      yield new Uint8Array(UPLOAD_SLICE + 1);
    }
    const out = await pieces(uploadBody(encodeBody({ content: source() })!));
    expect(out.map((p) => p.length)).toEqual([10, UPLOAD_SLICE, 1]);
  });
});
