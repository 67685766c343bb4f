import { md5 } from './hash/md5.ts';
import { sha256 } from './hash/sha256.ts';
import { sha512_256 } from './hash/sha512-256.ts';

/** The `algorithm` values of RFC 7616 §3.3 this library can compute (each also has a `-sess` form). */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';

const HASHES: Readonly<Record<DigestAlgorithm, (data: Uint8Array) => Uint8Array>> = {
  MD5: md5,
  'SHA-256': sha256,
  'SHA-512-256': sha512_256,
};

/** Every supported algorithm name, spelled as in the `algorithm` parameter of a challenge. */
export const DIGEST_ALGORITHMS: ReadonlySet<DigestAlgorithm> = new Set(
  Object.keys(HASHES) as DigestAlgorithm[],
);

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The lowercase hex digest of the UTF-8 encoding of `text`, as RFC 7616 writes every hash. */
export function digestHex(algorithm: DigestAlgorithm, text: string): string {
  const digest = HASHES[algorithm](encoder.encode(text));
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}
