/**
 * MD5 (RFC 1321), SHA-256 and SHA-512 (FIPS 180-4) with its SHA-512/256 variant, for Digest
 * auth alone: a few short strings a challenge, so the code is written for size, not speed. Why
 * not a library: WebCrypto's digest is asynchronous and has neither MD5 nor SHA-512/256,
 * node:crypto is Node-only, and noble-hashes (which these replaced) weighed 5.5 KB of the 25 KB
 * browser bundle. Every constant is derived exactly (integer roots in BigInt, RFC 1321's sine
 * table), and spec/middleware/auth/hashes.spec.ts checks each function against node:crypto.
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
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

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

let sha256K: number[] | undefined;
let sha256IV: number[] | undefined;

export function sha256(data: Uint8Array): string {
  sha256K ??= fractions(64, 3n, 32n).map(Number);
  sha256IV ??= fractions(8, 2n, 32n).map(Number);
  const view = padded(data, 64, false);
  const h = Uint32Array.from(sha256IV);
  const w = new Uint32Array(64);
  for (let at = 0; at < view.byteLength; at += 64) {
    for (let t = 0; t < 64; t++) {
      if (t < 16) w[t] = view.getUint32(at + t * 4);
      else {
        const x = w[t - 15]!;
        const y = w[t - 2]!;
        w[t] =
          (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) +
          w[t - 7]! +
          (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) +
          w[t - 16]!;
      }
    }
    let [a, b, c, d, e, f, g, k] = [...h] as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 =
        (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha256K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, k].forEach((word, i) => {
      h[i] = h[i]! + word;
    });
  }
  return hex(h, 8);
}

const MASK64 = (1n << 64n) - 1n;
const rotr64 = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK64;
let sha512K: bigint[] | undefined;
let sha512IV: bigint[] | undefined;
let sha512_256IV: bigint[] | undefined;

/** SHA-512's compression over the whole message from `iv`; the state words. */
function sha512Words(data: Uint8Array, iv: readonly bigint[]): BigUint64Array {
  sha512K ??= fractions(80, 3n, 64n);
  const view = padded(data, 128, false);
  const h = BigUint64Array.from(iv);
  const w = new BigUint64Array(80);
  for (let at = 0; at < view.byteLength; at += 128) {
    for (let t = 0; t < 80; t++) {
      if (t < 16) w[t] = view.getBigUint64(at + t * 8);
      else {
        const x = w[t - 15]!;
        const y = w[t - 2]!;
        // A BigUint64Array keeps the sum modulo 2^64.
        w[t] =
          (rotr64(y, 19n) ^ rotr64(y, 61n) ^ (y >> 6n)) +
          w[t - 7]! +
          (rotr64(x, 1n) ^ rotr64(x, 8n) ^ (x >> 7n)) +
          w[t - 16]!;
      }
    }
    const s = BigUint64Array.from(h);
    for (let t = 0; t < 80; t++) {
      const [a, b, c, , e, f, g, k] = s as unknown as [
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
        bigint,
      ];
      const t1 =
        k +
        (rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n)) +
        ((e & f) ^ (~e & MASK64 & g)) +
        sha512K[t]! +
        w[t]!;
      const t2 = (rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c));
      s.copyWithin(1, 0, 7);
      s[4] = (s[4]! + t1) & MASK64;
      s[0] = (t1 + t2) & MASK64;
    }
    for (let i = 0; i < 8; i++) h[i] = h[i]! + s[i]!;
  }
  return h;
}

export function sha512(data: Uint8Array): string {
  sha512IV ??= fractions(8, 2n, 64n);
  return hex(sha512Words(data, sha512IV), 16);
}

export function sha512_256(data: Uint8Array): string {
  // FIPS 180-4 §5.3.6: the IV is SHA-512 of "SHA-512/256" from SHA-512's IV xor a5a5…a5.
  sha512IV ??= fractions(8, 2n, 64n);
  sha512_256IV ??= [
    ...sha512Words(
      new TextEncoder().encode('SHA-512/256'),
      sha512IV.map((word) => word ^ 0xa5a5a5a5a5a5a5a5n),
    ),
  ];
  return hex(sha512Words(data, sha512_256IV), 16, 4);
}
