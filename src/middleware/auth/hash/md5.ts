/**
 * MD5 (RFC 1321), synchronous and dependency-free, for HTTP Digest authentication
 * (RFC 7616 keeps MD5 as its default algorithm). Not for anything that needs collision
 * resistance.
 *
 * The message is processed in 64-byte blocks of sixteen little-endian 32-bit words. Whole
 * blocks are read straight from the input; only the tail is copied, into one or two blocks
 * that also carry the 0x80 marker, the zero fill and the 64-bit little-endian bit length.
 */

import { eachBlock, wordsToBytes } from './blocks.ts';

const BLOCK_BYTES = 64;

/** RFC 1321 §3.4: T[i] = floor(2^32 * |sin(i + 1)|), as signed 32-bit values. */
const T = Int32Array.from([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8,
  0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87,
  0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
  0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
  0xeb86d391,
]);

/** Left-rotation amounts: four per round, repeated four times within the round. */
const SHIFTS_1 = [7, 12, 17, 22] as const;
const SHIFTS_2 = [5, 9, 14, 20] as const;
const SHIFTS_3 = [4, 11, 16, 23] as const;
const SHIFTS_4 = [6, 10, 15, 21] as const;

/** The four chaining words plus the current block's sixteen message words. */
interface Md5State {
  readonly abcd: Int32Array;
  readonly x: Int32Array;
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** Mixes one 64-byte block, starting at `offset` in `view`, into the chaining words. */
function compress(state: Md5State, view: DataView, offset: number): void {
  const { abcd, x } = state;
  for (let i = 0; i < 16; i++) x[i] = view.getInt32(offset + i * 4, true);

  let a = abcd[0]!;
  let b = abcd[1]!;
  let c = abcd[2]!;
  let d = abcd[3]!;
  // Each step computes a new b from a; the old words then shift along: a <- d <- c <- b.
  for (let i = 0; i < 16; i++) {
    const f = (b & c) | (~b & d);
    const sum = (a + f + T[i]! + x[i]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + rotl(sum, SHIFTS_1[i & 3]!)) | 0;
  }
  for (let i = 0; i < 16; i++) {
    const f = (b & d) | (c & ~d);
    const sum = (a + f + T[16 + i]! + x[(5 * i + 1) & 15]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + rotl(sum, SHIFTS_2[i & 3]!)) | 0;
  }
  for (let i = 0; i < 16; i++) {
    const f = b ^ c ^ d;
    const sum = (a + f + T[32 + i]! + x[(3 * i + 5) & 15]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + rotl(sum, SHIFTS_3[i & 3]!)) | 0;
  }
  for (let i = 0; i < 16; i++) {
    const f = c ^ (b | ~d);
    const sum = (a + f + T[48 + i]! + x[(7 * i) & 15]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + rotl(sum, SHIFTS_4[i & 3]!)) | 0;
  }

  abcd[0] = (abcd[0]! + a) | 0;
  abcd[1] = (abcd[1]! + b) | 0;
  abcd[2] = (abcd[2]! + c) | 0;
  abcd[3] = (abcd[3]! + d) | 0;
}

/** The MD5 digest of `data`: 16 bytes. */
export function md5(data: Uint8Array): Uint8Array {
  const state: Md5State = {
    abcd: Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476),
    x: new Int32Array(16),
  };

  eachBlock(data, BLOCK_BYTES, 8, true, (view, offset) => compress(state, view, offset));
  return wordsToBytes(state.abcd, 4, true);
}
