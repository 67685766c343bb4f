/**
 * MD5 (RFC 1321), SHA-256 and SHA-512 (FIPS 180-4) with its SHA-512/256 variant, for Digest
 * auth alone: a few short strings a challenge, so the code is written for size, not speed. Why
 * not a library: WebCrypto's digest is asynchronous and has neither MD5 nor SHA-512/256,
 * node:crypto is Node-only, and noble-hashes (which these replaced) weighed 5.5 KB of the 25 KB
 * browser bundle. SHA-256 and SHA-512 are one BigInt routine with two word sizes. Every constant
 * is derived exactly (integer roots in BigInt, RFC 1321's sine table), and
 * spec/middleware/auth/hashes.spec.ts checks each function against node:crypto.
 */

/**
 * The message, `0x80`, zeros, and its length in bits at the end: in 8 bytes for 64-byte
 * blocks, in 16 for SHA-512's 128-byte blocks (whose top 8 stay zero here).
 */
function padded(data: Uint8Array, block: number, littleEndian: boolean): DataView {
  const size = Math.ceil((data.length + 1 + block / 8) / block) * block;
  const bytes = new Uint8Array(size);
  bytes.set(data);
  bytes[data.length] = 0x80;
  const view = new DataView(bytes.buffer);
  view.setBigUint64(size - 8, BigInt(data.length) * 8n, littleEndian);
  return view;
}

function hex(words: ArrayLike<number | bigint>, digits: number, length = words.length): string {
  let out = '';
  for (let i = 0; i < length; i++) out += words[i]!.toString(16).padStart(digits, '0');
  return out;
}

/** The integer `k`-th root of `n` (Newton's method from above). */
function root(n: bigint, k: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)) + 1);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

/** The first `count` primes. */
function primes(count: number): bigint[] {
  const found: bigint[] = [];
  for (let n = 2; found.length < count; n++)
    if (found.every((p) => n % Number(p) !== 0)) found.push(BigInt(n));
  return found;
}

/** The first `bits` bits of the fractional part of the `k`-th root of each prime. */
function fractions(count: number, k: bigint, bits: bigint): bigint[] {
  const mask = (1n << bits) - 1n;
  return primes(count).map((p) => root(p << (bits * k), k) & mask);
}

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

let md5K: number[] | undefined;
const MD5_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

export function md5(data: Uint8Array): string {
  md5K ??= Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
  const view = padded(data, 64, true);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let at = 0; at < view.byteLength; at += 64) {
    let [a, b, c, d] = h as [number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      const f =
        round === 0
          ? (b & c) | (~b & d)
          : round === 1
            ? (d & b) | (~d & c)
            : round === 2
              ? b ^ c ^ d
              : c ^ (b | ~d);
      const g =
        round === 0 ? i : round === 1 ? (5 * i + 1) % 16 : round === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const sum = (a + f + md5K[i]! + view.getInt32(at + g * 4, true)) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + rotl(sum, MD5_SHIFTS[round * 4 + (i & 3)]!)) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
  }
  // The words are little-endian: print each one's bytes in order.
  const out = new DataView(new ArrayBuffer(16));
  for (let i = 0; i < 4; i++) out.setInt32(i * 4, h[i]!, true);
  return hex([...new Uint8Array(out.buffer)], 2);
}

/** One SHA-2 size: its word in bits, rounds and rotations (FIPS 180-4 §4.1.2–3). */
interface Sha2 {
  bits: bigint;
  rounds: number;
  /** Σ0, Σ1, σ0, σ1: three amounts each, the last of σ0 and σ1 a plain shift. */
  turns: readonly (readonly bigint[])[];
  k?: bigint[];
}

const SHA256: Sha2 = {
  bits: 32n,
  rounds: 64,
  turns: [
    [2n, 13n, 22n],
    [6n, 11n, 25n],
    [7n, 18n, 3n],
    [17n, 19n, 10n],
  ],
};
const SHA512: Sha2 = {
  bits: 64n,
  rounds: 80,
  turns: [
    [28n, 34n, 39n],
    [14n, 18n, 41n],
    [1n, 8n, 7n],
    [19n, 61n, 6n],
  ],
};

/** The state words after SHA-2's compression of the whole message from `iv`. */
function sha2(data: Uint8Array, size: Sha2, iv: readonly bigint[]): bigint[] {
  const { bits, rounds, turns } = size;
  const mask = (1n << bits) - 1n;
  // A block is 16 words: 64 bytes for 32-bit words, 128 for 64-bit ones.
  const block = Number(bits) * 2;
  size.k ??= fractions(rounds, 3n, bits);
  const k = size.k;
  const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (bits - n))) & mask;
  const big = (x: bigint, [a, b, c]: readonly bigint[]) => rotr(x, a!) ^ rotr(x, b!) ^ rotr(x, c!);
  const small = (x: bigint, [a, b, c]: readonly bigint[]) => rotr(x, a!) ^ rotr(x, b!) ^ (x >> c!);
  const view = padded(data, block, false);
  const h = [...iv];
  for (let at = 0; at < view.byteLength; at += block) {
    const w: bigint[] = [];
    for (let t = 0; t < rounds; t++)
      w[t] =
        t < 16
          ? bits === 32n
            ? BigInt(view.getUint32(at + t * 4))
            : view.getBigUint64(at + t * 8)
          : (small(w[t - 2]!, turns[3]!) + w[t - 7]! + small(w[t - 15]!, turns[2]!) + w[t - 16]!) & mask;
    const s = [...h];
    for (let t = 0; t < rounds; t++) {
      const [a, b, c, , e, f, g, last] = s as [
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      const t1 = last + big(e, turns[1]!) + ((e & f) ^ (~e & mask & g)) + k[t]! + w[t]!;
      const t2 = big(a, turns[0]!) + ((a & b) ^ (a & c) ^ (b & c));
      s.unshift((t1 + t2) & mask);
      s.pop();
      s[4] = (s[4]! + t1) & mask;
    }
    s.forEach((word, i) => {
      h[i] = (h[i]! + word) & mask;
    });
  }
  return h;
}

let sha256IV: bigint[] | undefined;
let sha512IV: bigint[] | undefined;
let sha512_256IV: bigint[] | undefined;

export function sha256(data: Uint8Array): string {
  sha256IV ??= fractions(8, 2n, 32n);
  return hex(sha2(data, SHA256, sha256IV), 8);
}

export function sha512(data: Uint8Array): string {
  sha512IV ??= fractions(8, 2n, 64n);
  return hex(sha2(data, SHA512, sha512IV), 16);
}

export function sha512_256(data: Uint8Array): string {
  // FIPS 180-4 §5.3.6: the IV is SHA-512 of "SHA-512/256" from SHA-512's IV xor a5a5…a5.
  sha512IV ??= fractions(8, 2n, 64n);
  sha512_256IV ??= sha2(
    new TextEncoder().encode('SHA-512/256'),
    SHA512,
    sha512IV.map((word) => word ^ 0xa5a5a5a5a5a5a5a5n),
  );
  return hex(sha2(data, SHA512, sha512_256IV), 16, 4);
}
