import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5, sha256, sha512, sha512_256 } from '../../../src/middleware/auth/hashes.ts';

const NODE_NAMES = { md5: 'md5', sha256: 'sha256', sha512: 'sha512', sha512_256: 'sha512-256' } as const;
const OURS = { md5, sha256, sha512, sha512_256 };

/** Inputs around every padding edge (55/56/63/64 bytes for 64-byte blocks, 111/112/127/128 for 128), and longer. */
const LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 200, 1000, 4097];

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('the Digest hashes', () => {
  for (const [name, hash] of Object.entries(OURS)) {
    it(`${name} matches node:crypto at every padding edge`, () => {
      for (const length of LENGTHS) {
        for (const seed of [1, 2]) {
          const data = bytes(length, seed);
          const expected = createHash(NODE_NAMES[name as keyof typeof OURS])
            .update(data)
            .digest('hex');
          expect(`${length}:${hash(data)}`).toBe(`${length}:${expected}`);
        }
      }
    });
  }

  it('gives the standards\' own test vectors for "abc"', () => {
    const abc = new TextEncoder().encode('abc');
    expect(md5(abc)).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sha256(abc)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha512_256(abc)).toBe('53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23');
    expect(sha512(abc).slice(0, 32)).toBe('ddaf35a193617abacc417349ae204131');
  });
});
