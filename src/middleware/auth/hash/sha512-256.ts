/**
 * SHA-512/256 (FIPS 180-4 §6.7): SHA-512 with its own initial hash value, truncated to 256
 * bits; synchronous and dependency-free, for HTTP Digest authentication (RFC 7616's
 * `SHA-512-256` algorithm).
 *
 * Every 64-bit word is held as a pair of signed 32-bit halves, high then low, side by side in
 * an Int32Array, so no BigInt is involved. Sums add the low halves as unsigned numbers (exact
 * in a double) and carry whatever overflows 32 bits into the high halves.
 *
 * The message is processed in 128-byte blocks of sixteen big-endian 64-bit words. Whole blocks
 * are read straight from the input; only the tail is copied, into one or two blocks that also
 * carry the 0x80 marker, the zero fill and the 128-bit big-endian bit length (§5.1.2).
 */

import { eachBlock, wordsToBytes } from './blocks.ts';

const BLOCK_BYTES = 128;
/** 2^-32, exact in a double: multiplying by it shifts a carry down without dividing. */
const INVERSE_TWO_32 = 2 ** -32;

/**
 * §4.2.3: the first 64 bits of the fractional parts of the cube roots of the first 80 primes,
 * as (high, low) pairs.
 */
const K = Int32Array.from([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b,
  0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242,
  0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe,
  0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
  0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc,
  0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f,
  0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967,
  0x0a0e6e70, 0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1,
  0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218,
  0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
  0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
  0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814,
  0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915,
  0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f,
  0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be,
  0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

/** §5.3.6.2: the initial hash value of SHA-512/256, as (high, low) pairs. */
const INITIAL_HASH = [
  0x22312194, 0xfc2bf72c, 0x9f555fa3, 0xc84c64c2, 0x2393b86b, 0x6f53b151, 0x96387719, 0x5940eabd, 0x96283ee2,
  0xa88effe3, 0xbe5e1e25, 0x53863992, 0x2b0199fc, 0x2c85b8aa, 0x0eb72ddc, 0x81c52ca2,
];

/** The eight 64-bit words carried between blocks plus the 80-word message schedule. */
interface Sha512State {
  readonly h: Int32Array;
  readonly w: Int32Array;
}

/**
 * Σ0 of §4.1.3 (rotations by 28, 34 and 39) on the word (x, y): called as (high, low) it
 * gives the high half, as (low, high) the low half, since rotating is symmetric in the halves.
 */
function bigSigma0(x: number, y: number): number {
  return ((x >>> 28) | (y << 4)) ^ ((y >>> 2) | (x << 30)) ^ ((y >>> 7) | (x << 25));
}

/** Σ1 of §4.1.3 (rotations by 14, 18 and 41), halves as for `bigSigma0`. */
function bigSigma1(x: number, y: number): number {
  return ((x >>> 14) | (y << 18)) ^ ((x >>> 18) | (y << 14)) ^ ((y >>> 9) | (x << 23));
}

/** σ0 of §4.1.3 (rotations by 1 and 8, shift by 7): the high half. */
function smallSigma0High(hi: number, lo: number): number {
  return ((hi >>> 1) | (lo << 31)) ^ ((hi >>> 8) | (lo << 24)) ^ (hi >>> 7);
}

/** σ0 of §4.1.3: the low half. */
function smallSigma0Low(hi: number, lo: number): number {
  return ((lo >>> 1) | (hi << 31)) ^ ((lo >>> 8) | (hi << 24)) ^ ((lo >>> 7) | (hi << 25));
}

/** σ1 of §4.1.3 (rotations by 19 and 61, shift by 6): the high half. */
function smallSigma1High(hi: number, lo: number): number {
  return ((hi >>> 19) | (lo << 13)) ^ ((lo >>> 29) | (hi << 3)) ^ (hi >>> 6);
}

/** σ1 of §4.1.3: the low half. */
function smallSigma1Low(hi: number, lo: number): number {
  return ((lo >>> 19) | (hi << 13)) ^ ((hi >>> 29) | (lo << 3)) ^ ((lo >>> 6) | (hi << 26));
}

/** The carry out of an unsigned sum of low halves (at most a handful of 32-bit values). */
function carry(lowSum: number): number {
  return (lowSum * INVERSE_TWO_32) | 0;
}

/**
 * Fills the 80-word schedule (§6.4.2 step 1) from the block at `offset` in `view`. The sums
 * are stored unwrapped: an Int32Array store reduces them modulo 2^32 by itself.
 */
function schedule(w: Int32Array, view: DataView, offset: number): void {
  for (let i = 0; i < 32; i++) w[i] = view.getInt32(offset + i * 4);
  for (let i = 32; i < 160; i += 2) {
    const hi15 = w[i - 30]!;
    const lo15 = w[i - 29]!;
    const hi2 = w[i - 4]!;
    const lo2 = w[i - 3]!;
    const low =
      (smallSigma1Low(hi2, lo2) >>> 0) +
      (w[i - 13]! >>> 0) +
      (smallSigma0Low(hi15, lo15) >>> 0) +
      (w[i - 31]! >>> 0);
    w[i] = smallSigma1High(hi2, lo2) + w[i - 14]! + smallSigma0High(hi15, lo15) + w[i - 32]! + carry(low);
    w[i + 1] = low;
  }
}

/** Mixes one 128-byte block, starting at `offset` in `view`, into the hash value (§6.4.2). */
function compress(state: Sha512State, view: DataView, offset: number): void {
  const { h, w } = state;
  schedule(w, view, offset);

  let ah = h[0]!;
  let al = h[1]!;
  let bh = h[2]!;
  let bl = h[3]!;
  let ch = h[4]!;
  let cl = h[5]!;
  let dh = h[6]!;
  let dl = h[7]!;
  let eh = h[8]!;
  let el = h[9]!;
  let fh = h[10]!;
  let fl = h[11]!;
  let gh = h[12]!;
  let gl = h[13]!;
  let hh = h[14]!;
  let hl = h[15]!;
  for (let i = 0; i < 160; i += 2) {
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]
    const t1Low =
      (hl >>> 0) +
      (bigSigma1(el, eh) >>> 0) +
      (((el & fl) ^ (~el & gl)) >>> 0) +
      (K[i + 1]! >>> 0) +
      (w[i + 1]! >>> 0);
    const t1High = (hh + bigSigma1(eh, el) + ((eh & fh) ^ (~eh & gh)) + K[i]! + w[i]! + carry(t1Low)) | 0;
    // T2 = Σ0(a) + Maj(a, b, c)
    const t2Low = (bigSigma0(al, ah) >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0);
    const t2High = (bigSigma0(ah, al) + ((ah & bh) ^ (ah & ch) ^ (bh & ch)) + carry(t2Low)) | 0;

    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const eLow = (dl >>> 0) + (t1Low >>> 0);
    eh = (dh + t1High + carry(eLow)) | 0;
    el = eLow | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const aLow = (t1Low >>> 0) + (t2Low >>> 0);
    ah = (t1High + t2High + carry(aLow)) | 0;
    al = aLow | 0;
  }

  addInto(h, 0, ah, al);
  addInto(h, 2, bh, bl);
  addInto(h, 4, ch, cl);
  addInto(h, 6, dh, dl);
  addInto(h, 8, eh, el);
  addInto(h, 10, fh, fl);
  addInto(h, 12, gh, gl);
  addInto(h, 14, hh, hl);
}

/** Adds the 64-bit word (hi, lo) into the pair at `index` of `words`. */
function addInto(words: Int32Array, index: number, hi: number, lo: number): void {
  const low = (words[index + 1]! >>> 0) + (lo >>> 0);
  words[index] = words[index]! + hi + carry(low);
  words[index + 1] = low;
}

/** The SHA-512/256 digest of `data`: 32 bytes. */
export function sha512_256(data: Uint8Array): Uint8Array {
  const state: Sha512State = { h: Int32Array.from(INITIAL_HASH), w: new Int32Array(160) };

  eachBlock(data, BLOCK_BYTES, 16, false, (view, offset) => compress(state, view, offset));
  return wordsToBytes(state.h, 8, false);
}
