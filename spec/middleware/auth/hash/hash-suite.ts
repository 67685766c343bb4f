import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

/** The FIPS 180-2 / NIST example messages: one block, two blocks (448 bits), 896 bits. */
export const ABC = 'abc';
export const MESSAGE_448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
export const MESSAGE_896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function hex(digest: Uint8Array): string {
  return Buffer.from(digest).toString('hex');
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be reproduced. */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** Bytes 0..n-1 of a fixed pattern that changes with every position. */
function patterned(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
}

/**
 * The checks every hash here shares: node:crypto's algorithm `nodeName` is the reference,
 * `blockBytes` the compression block size whose padding boundaries get explicit cases.
 */
export function describeHashAgainstNode(
  nodeName: 'md5' | 'sha256' | 'sha512-256',
  hash: (data: Uint8Array) => Uint8Array,
  digestBytes: number,
  blockBytes: number,
): void {
  const reference = (data: Uint8Array): string => createHash(nodeName).update(data).digest('hex');

  describe(`${nodeName} against node:crypto`, () => {
    it(`returns ${digestBytes} bytes for the empty input, matching node:crypto`, () => {
      const digest = hash(new Uint8Array(0));
      expect(digest).toBeInstanceOf(Uint8Array);
      expect(digest.length).toBe(digestBytes);
      expect(hex(digest)).toBe(reference(new Uint8Array(0)));
    });

    it.each([
      ['"abc"', ABC],
      ['the 448-bit message', MESSAGE_448],
      ['the 896-bit message', MESSAGE_896],
    ])('hashes %s', (_, message) => {
      expect(hex(hash(bytes(message)))).toBe(reference(bytes(message)));
    });

    it('hashes a million "a" bytes', () => {
      const data = new Uint8Array(1_000_000).fill(0x61);
      expect(hex(hash(data))).toBe(reference(data));
    });

    // Where the 0x80 marker and the length stop fitting in the last block, and where a block fills.
    const lengthBytes = blockBytes / 8;
    const boundaries = [-1, 0, 1].flatMap((delta) => [
      blockBytes - lengthBytes - 1 + delta,
      blockBytes + delta,
      2 * blockBytes - lengthBytes - 1 + delta,
      2 * blockBytes + delta,
    ]);
    it.each(boundaries.sort((a, b) => a - b))('hashes %i bytes at a padding boundary', (length) => {
      const data = patterned(length);
      expect(hex(hash(data))).toBe(reference(data));
    });

    it('hashes every length from 0 to 300 bytes', () => {
      const lengths = Array.from({ length: 301 }, (_, n) => n);
      const ours = lengths.map((n) => `${n}:${hex(hash(patterned(n)))}`);
      const theirs = lengths.map((n) => `${n}:${reference(patterned(n))}`);
      expect(ours).toEqual(theirs);
    });

    it.each([
      [1_000, 1],
      [4_095, 2],
      [65_536, 3],
      [100_000, 4],
      [102_399, 5],
    ])('hashes %i pseudo-random bytes (seed %i)', (length, seed) => {
      const data = pseudoRandomBytes(length, seed);
      expect(hex(hash(data))).toBe(reference(data));
    });

    it('hashes only the window of a view into a larger buffer, at an unaligned offset', () => {
      const backing = pseudoRandomBytes(3 * blockBytes + 50, 6);
      const window = backing.subarray(3, 3 + 2 * blockBytes + 17);
      expect(hex(hash(window))).toBe(reference(window));
      expect(hex(hash(backing.subarray(7, 7)))).toBe(reference(new Uint8Array(0)));
    });

    it('leaves its input untouched and gives the same digest twice', () => {
      const data = pseudoRandomBytes(2 * blockBytes + 5, 7);
      const copy = data.slice();
      const first = hex(hash(data));
      expect(hex(hash(data))).toBe(first);
      expect(data).toEqual(copy);
      expect(first).toBe(reference(copy));
    });

    it('hashes a Node Buffer like the same bytes in a plain Uint8Array', () => {
      const buffer = Buffer.from('a Buffer from the pool, with a byteOffset of its own');
      expect(hex(hash(buffer))).toBe(reference(buffer));
    });
  });
}
